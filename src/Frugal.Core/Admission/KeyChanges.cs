namespace Frugal.Core.Admission;

/// <summary>
/// A partial update of a key (<c>PATCH /admin/keys/{id}</c>, <c>frugal keys update</c>). A field left unset keeps its
/// value; <see cref="SetsTeam"/>/<see cref="SetsExpiry"/>/<see cref="SetsRateLimit"/> tell "clear it" (set to null)
/// from "leave it".
/// </summary>
public sealed record KeyChanges
{
    public bool SetsTeam { get; init; }

    public string? Team { get; init; }

    /// <summary>The new tags; null = unchanged, empty = none.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    public bool SetsExpiry { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The new allowed models; null = unchanged, empty = any.</summary>
    public IReadOnlyList<string>? AllowedModels { get; init; }

    /// <summary>A per-key budget to set or change (same window = replaced); null = unchanged.</summary>
    public KeyBudget? Budget { get; init; }

    public bool SetsRateLimit { get; init; }

    /// <summary>With <see cref="SetsRateLimit"/>: the new per-key rate limit (replaces the old one whole), null = removed.</summary>
    public KeyRateLimit? RateLimit { get; init; }
}
