using Frugal.Core.Accounting.Ledger;
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
    /// <summary>Prices the request from its ledger entry's model and usage, once (a request priced already keeps its cost).</summary>
    public PricingFeature Price(GatewayRequest request, LedgerEntryBuilder entry)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(entry);
        var pricing = request.Features.GetOrAdd<PricingFeature>();
        if (pricing.Priced)
        {
            return pricing;
        }

        pricing.Priced = true;
        if (entry.Usage.IsEmpty)
        {
            pricing.CostUsd = 0m; // nothing was billed: the call failed before the provider did any work
            return pricing;
        }

        if (Find(entry.Model, entry.UpstreamModel) is not { } price)
        {
            pricing.CostUsd = null;
            return pricing;
        }

        var actual = CostCalculator.Compute(price, entry.Usage, entry.Batched).TotalUsd;
        pricing.CostUsd = actual;
        if (entry.Usage.CachedInputTokens > 0)
        {
            var uncached = CostCalculator.Compute(price, entry.Usage with { CachedInputTokens = 0 }, entry.Batched).TotalUsd;
            request.Features.GetOrAdd<SavingsFeature>().Add(SavingReason.ProviderCache, uncached - actual);
        }

        if (entry.Usage.CacheWrite5mTokens + entry.Usage.CacheWrite1hTokens > 0)
        {
            // The same tokens billed as plain input instead of as cache writes: the difference is the premium.
            var unwritten = CostCalculator.Compute(price, entry.Usage with { CacheWrite5mTokens = 0, CacheWrite1hTokens = 0 }, entry.Batched).TotalUsd;
            pricing.CacheWritePremiumUsd = actual - unwritten;
        }

        return pricing;
    }

    /// <summary>
    /// A request a cache answered: nothing was billed (cost 0), and it saved what the original call would cost at
    /// today's prices (nothing when that model has no price), so the ledger's saved_usd is real money.
    /// </summary>
    public void PriceServedFromCache(GatewayRequest request, string? model, string? upstreamModel, TokenUsage usage, SavingReason reason)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pricing = request.Features.GetOrAdd<PricingFeature>();
        pricing.Priced = true;
        pricing.CostUsd = 0m;
        if (WouldCost(model, upstreamModel, usage) is { } usd)
        {
            request.Features.GetOrAdd<SavingsFeature>().Add(reason, usd);
        }
    }

    public bool HasPrice(string upstreamModel, string model) => prices.TryFindForCall(model, upstreamModel, time.GetUtcNow(), out _);

    /// <summary>What a call with this usage costs (0 for no usage); null when the model has no price (counted as missing).</summary>
    private decimal? WouldCost(string? model, string? upstreamModel, TokenUsage usage)
    {
        if (usage.IsEmpty)
        {
            return 0m;
        }

        return Find(model, upstreamModel) is { } price ? CostCalculator.Compute(price, usage).TotalUsd : null;
    }

    /// <summary>The call's price by the one lookup rule; a model without one is counted as missing (never priced $0).</summary>
    private ModelPrice? Find(string? model, string? upstreamModel)
    {
        if (prices.TryFindForCall(model, upstreamModel, time.GetUtcNow(), out var price))
        {
            return price;
        }

        metrics.RecordPriceMissing(upstreamModel ?? model ?? "unknown");
        return null;
    }
}
