namespace Frugal.Core.Budgets.Config;

/// <summary>
/// Request and token rates for a key or a team, counted in fixed UTC minutes, and a per-key cap
/// on the output tokens of one call (streams are cut there).
/// </summary>
public sealed record RateLimitRule
{
    public required BudgetScope Scope { get; init; }

    public required string Subject { get; init; }

    public long? RequestsPerMinute { get; init; }

    /// <summary>Prompt tokens (counted before the call) plus output tokens (added after it).</summary>
    public long? TokensPerMinute { get; init; }

    /// <summary>Most output tokens one call of this key may produce (key scope only).</summary>
    public int? MaxOutputTokens { get; init; }

    private readonly string? _id;

    /// <summary>
    /// The rule's counter identity: <c>scope:subject</c> for a config rule. A key's run-time rule (<see cref="ForKey"/>)
    /// is <c>runtime-key:ID</c>, a prefix no config rule has, so a config rule and a run-time rule of one key count apart
    /// and both apply.
    /// </summary>
    public string Id
    {
        get => _id ?? $"{BudgetDefinition.ScopeName(Scope)}:{Subject}";
        init => _id = value;
    }

    /// <summary>The run-time rule of one key (set through /admin/keys or <c>frugal keys</c>, kept in frugal.db).</summary>
    public static RateLimitRule ForKey(string keyId, long? requestsPerMinute, long? tokensPerMinute, int? maxOutputTokens) => new()
    {
        Scope = BudgetScope.Key,
        Subject = keyId,
        RequestsPerMinute = requestsPerMinute,
        TokensPerMinute = tokensPerMinute,
        MaxOutputTokens = maxOutputTokens,
        Id = "runtime-key:" + keyId,
    };
}
