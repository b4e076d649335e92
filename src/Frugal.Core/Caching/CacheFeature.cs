using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Ledger;

namespace Frugal.Core.Caching;

/// <summary>
/// What the caches did with the request. Set by the exact cache (bypass, miss, hit) and then by the semantic cache
/// behind it (semantic-hit): so the exact stage, leading a flight, learns from <see cref="Outcome"/> that the semantic
/// stage answered (that answer is not an exact answer for its key, so it neither stores it nor shares it with its
/// waiters). On a hit it also holds where the served answer came from. Read by budget admission (a hit spends no
/// tokens), the response headers (<c>x-frugal-cache</c>, model), the ledger entry and the request instruments.
/// </summary>
public sealed class CacheFeature : ILedgerContribution
{
    public CacheOutcome Outcome { get; set; }

    /// <summary>True when a cache answered (exact or semantic).</summary>
    public bool IsHit => Outcome is CacheOutcome.Hit or CacheOutcome.SemanticHit;

    /// <summary>On a hit: the gateway-side model of the stored answer.</summary>
    public string? ResolvedModel { get; set; }

    /// <summary>On a hit: the upstream model of the stored answer.</summary>
    public string? UpstreamModel { get; set; }

    /// <summary>On a hit: when it was served (its time to first token).</summary>
    public long ServedTimestamp { get; set; }

    public void Contribute(LedgerEntryBuilder entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.CacheOutcome = Outcome;
        if (IsHit)
        {
            entry.Model = ResolvedModel;
            entry.UpstreamModel = UpstreamModel;
            entry.FirstTokenTimestamp = ServedTimestamp;
        }
    }
}
