namespace Frugal.Core.Accounting.Pricing;

/// <summary>The token prices of one price entry as <see cref="PriceEntryReader"/> read them, USD per 1M tokens.</summary>
public readonly record struct PriceFields(
    decimal Input,
    decimal CachedInput,
    decimal? CacheWrite5m,
    decimal? CacheWrite1h,
    decimal Output,
    decimal? Reasoning,
    decimal BatchDiscount);
