namespace Frugal.Core.Admission;

/// <summary>Which keys a list shows: every condition given must hold. <see cref="Status"/> is "active", "expired", "revoked" or null (all).</summary>
public sealed record KeyFilter
{
    public string? Name { get; init; }

    public string? Team { get; init; }

    public string? Tag { get; init; }

    public string? Status { get; init; }
}
