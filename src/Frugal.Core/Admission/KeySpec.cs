namespace Frugal.Core.Admission;

/// <summary>What a new key is created with (admin API <c>POST /admin/keys</c> and <c>frugal keys create</c>).</summary>
public sealed record KeySpec(string? Name)
{
    public string? Team { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Model or route names the key may ask for; empty = any.</summary>
    public IReadOnlyList<string> AllowedModels { get; init; } = [];

    public bool StoreBodies { get; init; }

    /// <summary>A per-key USD budget (a runtime budget of scope key); null = none.</summary>
    public KeyBudget? Budget { get; init; }

    /// <summary>A per-key rate limit (a run-time rule of the key's id); null = none.</summary>
    public KeyRateLimit? RateLimit { get; init; }
}
