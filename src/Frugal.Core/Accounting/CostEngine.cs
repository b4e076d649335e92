using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Diagnostics;
using Frugal.Core.Pipeline;

namespace Frugal.Core.Accounting;

/// <summary>
/// Prices a finished call from its normalised usage and the price book, and works out what the
/// provider's prompt cache saved. A model with no price gets a null cost (never $0) and is
/// counted, so reports can show how much spend is unpriced.
/// </summary>
public sealed class CostEngine(PriceBook prices, FrugalMetrics metrics, TimeProvider time)
{
    public void Price(CallRecord record)
    {
        if (record.Priced)
        {
            return;
        }

        record.Priced = true;
        if (record.Usage.IsEmpty)
        {
            record.CostUsd = 0m; // nothing was billed: the call failed before the provider did any work
            return;
        }

        if (!prices.TryFindForCall(record.ResolvedModel, record.UpstreamModel, time.GetUtcNow(), out var price))
        {
            record.CostUsd = null;
            metrics.RecordPriceMissing(record.UpstreamModel ?? record.ResolvedModel ?? "unknown");
            return;
        }

        var actual = CostCalculator.Compute(price, record.Usage, record.Batched).TotalUsd;
        record.CostUsd = actual;
        if (record.Usage.CachedInputTokens > 0)
        {
            var uncached = CostCalculator.Compute(price, record.Usage with { CachedInputTokens = 0 }, record.Batched).TotalUsd;
            record.AddSaving(SavingReason.ProviderCache, uncached - actual);
        }
    }

    public bool HasPrice(string upstreamModel, string model) => prices.TryFindForCall(model, upstreamModel, time.GetUtcNow(), out _);
}
