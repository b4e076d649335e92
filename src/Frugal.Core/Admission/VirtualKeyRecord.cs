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

    public bool IsRevoked => RevokedAt is not null;

    public Tenant ToTenant() => new(Id, Name, Team, Tags) { StoreBodies = StoreBodies };
}
