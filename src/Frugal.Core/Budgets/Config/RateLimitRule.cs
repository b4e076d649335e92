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

    public string Id => $"{BudgetDefinition.ScopeName(Scope)}:{Subject}";
}
