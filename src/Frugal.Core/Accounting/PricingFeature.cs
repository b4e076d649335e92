namespace Frugal.Core.Accounting;

/// <summary>
/// What the request cost. Set once by <see cref="CostEngine"/>: when the ledger records the request, or earlier
/// when a cache served it (cost 0, nothing billed). Read by the response headers (<c>x-frugal-cost-usd</c>, and
/// the stream's closing cost comment) and by the ledger stage (a priced request has been recorded or needs no price).
/// </summary>
public sealed class PricingFeature
{
    /// <summary>What the call cost; null when the model has no price (policy "flag").</summary>
    public decimal? CostUsd { get; set; }

    /// <summary>
    /// What the call's provider-cache writes cost above the same tokens as plain input (cache-write tokens × (write
    /// price − input price)); 0 without writes or without a price. The dashboard's provider-cache panel shows it.
    /// </summary>
    public decimal CacheWritePremiumUsd { get; set; }

    /// <summary>True once priced (even if the price was unknown).</summary>
    public bool Priced { get; set; }
}
