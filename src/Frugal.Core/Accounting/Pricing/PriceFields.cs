namespace Frugal.Core.Accounting.Pricing;

/// <summary>The token prices of one price entry as <see cref="PriceEntryReader"/> read them, USD per 1M tokens.</summary>
public readonly record struct PriceFields(
    decimal Input,
    decimal CachedInput,
    decimal? CacheWrite5m,
    decimal? CacheWrite1h,
    decimal Output,
    decimal? Reasoning,
    decimal BatchDiscount)
{
    /// <summary>
    /// A price for <paramref name="model"/> carrying these token prices; the catalog and the config add who set it and
    /// since when with <c>with { … }</c>, so both price files turn an entry into a price the same way.
    /// </summary>
    public ModelPrice ToModelPrice(string model) => new()
    {
        Model = model,
        InputPerMillion = Input,
        CachedInputPerMillion = CachedInput,
        CacheWrite5mPerMillion = CacheWrite5m,
        CacheWrite1hPerMillion = CacheWrite1h,
        OutputPerMillion = Output,
        ReasoningPerMillion = Reasoning,
        BatchDiscount = BatchDiscount,
    };
}
