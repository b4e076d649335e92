using System.Collections.Frozen;
using Frugal.Core.Pipeline;

namespace Frugal.Core.Admission;

/// <summary>A stored virtual key: never the key itself, only its hash and a short prefix to recognise it by.</summary>
public sealed record VirtualKeyRecord(
    string Id,
    string Name,
    string? Team,
    IReadOnlyList<string> Tags,
    string Prefix,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt)
{
    /// <summary>Requests made with this key keep their prompt and response bodies in the ledger.</summary>
    public bool StoreBodies { get; init; }

    /// <summary>From this instant on the key is refused (401); null = never expires.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The model or route names the key may ask for (the request's <c>model</c>, compared ordinally); empty = any.</summary>
    public IReadOnlyList<string> AllowedModels { get; init; } = [];

    public bool IsRevoked => RevokedAt is not null;

    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expires && expires <= now;

    public Tenant ToTenant() => new(Id, Name, Team, Tags)
    {
        StoreBodies = StoreBodies,
        AllowedModels = AllowedModels.Count == 0 ? null : AllowedModels.ToFrozenSet(StringComparer.Ordinal),
    };
}
