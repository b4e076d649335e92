namespace Frugal.Core.Accounting.Pricing;

/// <summary>
/// Prices one call's normalised usage. Everything is decimal and the per-million division is done
/// on decimals, so a total is exact to the token and adds up the same way on every machine.
/// </summary>
public static class CostCalculator
{
    private const decimal PerMillion = 1_000_000m;

    /// <summary>Anthropic bills a 5-minute cache write at 1.25 × the input price (documented on its pricing page).</summary>
    public const decimal CacheWrite5mMultiplier = 1.25m;

    /// <summary>Anthropic bills a 1-hour cache write at 2 × the input price (documented on its pricing page).</summary>
    public const decimal CacheWrite1hMultiplier = 2m;

    public static CostBreakdown Compute(ModelPrice price, TokenUsage usage, bool batch = false)
    {
        ArgumentNullException.ThrowIfNull(price);
        var rates = RatesFor(price, usage.InputTokens);

        // A cost is never negative. Token counts are clamped rather than trusted because upstreams do
        // report impossible usage (cached > prompt, reasoning > completion): each bucket takes at
        // most what the ones before it left, so the buckets never add up to more than was sent.
        var input = Math.Max(0, usage.InputTokens);
        var cached = Math.Clamp(usage.CachedInputTokens, 0, input);
        var write5m = Math.Clamp(usage.CacheWrite5mTokens, 0, input - cached);
        var write1h = Math.Clamp(usage.CacheWrite1hTokens, 0, input - cached - write5m);
        var uncached = input - cached - write5m - write1h;
        var output = Math.Max(0, usage.OutputTokens);
        var reasoning = Math.Clamp(usage.ReasoningTokens, 0, output);
        var visible = output - reasoning;

        var factor = batch ? 1m - price.BatchDiscount : 1m;
        return new CostBreakdown(
            InputUsd: Usd(uncached, rates.Input) * factor,
            CachedInputUsd: Usd(cached, rates.CachedInput) * factor,
            CacheWriteUsd: (Usd(write5m, rates.CacheWrite5m) + Usd(write1h, rates.CacheWrite1h)) * factor,
            OutputUsd: Usd(visible, rates.Output) * factor,
            ReasoningUsd: Usd(reasoning, rates.Reasoning) * factor);
    }

    private static decimal Usd(long tokens, decimal perMillion) => tokens * perMillion / PerMillion;

    /// <summary>
    /// The base prices, or those of the highest tier the input exceeds: providers bill the whole
    /// call at the long-context rate once the prompt crosses the threshold, not just the excess.
    /// </summary>
    private static Rates RatesFor(ModelPrice price, long inputTokens)
    {
        PriceTier? tier = null;
        foreach (var candidate in price.Tiers)
        {
            if (inputTokens > candidate.AboveInputTokens && (tier is null || candidate.AboveInputTokens > tier.AboveInputTokens))
            {
                tier = candidate;
            }
        }

        return tier is null
            ? Rates.Of(price.InputPerMillion, price.CachedInputPerMillion, price.CacheWrite5mPerMillion, price.CacheWrite1hPerMillion, price.OutputPerMillion, price.ReasoningPerMillion)
            : Rates.Of(tier.InputPerMillion, tier.CachedInputPerMillion, tier.CacheWrite5mPerMillion, tier.CacheWrite1hPerMillion, tier.OutputPerMillion, tier.ReasoningPerMillion);
    }

    private readonly record struct Rates(decimal Input, decimal CachedInput, decimal CacheWrite5m, decimal CacheWrite1h, decimal Output, decimal Reasoning)
    {
        /// <summary>Fills the prices a catalog may leave out with the documented defaults.</summary>
        public static Rates Of(decimal input, decimal cachedInput, decimal? cacheWrite5m, decimal? cacheWrite1h, decimal output, decimal? reasoning)
            => new(input, cachedInput, cacheWrite5m ?? input * CacheWrite5mMultiplier, cacheWrite1h ?? input * CacheWrite1hMultiplier, output, reasoning ?? output);
    }
}
