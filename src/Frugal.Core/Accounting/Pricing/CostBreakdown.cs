namespace Frugal.Core.Accounting.Pricing;

/// <summary>
/// What one call cost, split the way providers itemise an invoice. <see cref="InputUsd"/> is the
/// uncached input only; cache reads and writes have their own lines, so no token is counted twice.
/// </summary>
public sealed record CostBreakdown(decimal InputUsd, decimal CachedInputUsd, decimal CacheWriteUsd, decimal OutputUsd, decimal ReasoningUsd)
{
    public static CostBreakdown Zero { get; } = new(0m, 0m, 0m, 0m, 0m);

    public decimal TotalUsd => InputUsd + CachedInputUsd + CacheWriteUsd + OutputUsd + ReasoningUsd;
}
