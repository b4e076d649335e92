namespace Frugal.Core.PromptCache;

/// <summary>
/// How one model's provider caches prompt prefixes (the <c>promptCache</c> object of its price-catalog entry) and what
/// a cached token is worth relative to a plain input token (from the same entry's prices).
/// </summary>
public sealed record PromptCacheSpec
{
    /// <summary>Anthropic's shortest cacheable prompt for Claude Sonnet 4/4.5 and Opus 4/4.1, used for an uncatalogued model.</summary>
    public const int DefaultMinTokens = 1024;

    /// <summary>A breakpoints-kind model the catalog does not know: Anthropic's list-price multipliers.</summary>
    public static PromptCacheSpec UnknownBreakpointModel { get; } = new() { MinTokens = DefaultMinTokens, Breakpoints = true };

    /// <summary>The shortest prefix the provider caches; a shorter marked prefix is silently not cached (and not billed as a write).</summary>
    public int MinTokens { get; init; } = DefaultMinTokens;

    /// <summary>True when the provider caches only where the request carries <c>cache_control</c> markers (Anthropic).</summary>
    public bool Breakpoints { get; init; }

    /// <summary>True when the model takes OpenAI's <c>prompt_cache_key</c>.</summary>
    public bool CacheKey { get; init; }

    /// <summary>The <c>prompt_cache_retention</c> value that keeps prefixes longer (e.g. "24h"), or null.</summary>
    public string? ExtendedRetention { get; init; }

    /// <summary>The plain input price, USD per 1M tokens (null when the catalog entry has none).</summary>
    public decimal? InputUsdPerMillion { get; init; }

    /// <summary>Share of the input price a cache read saves (0.9 for Anthropic: reads cost 0.1×).</summary>
    public decimal ReadSaving { get; init; } = 0.9m;

    /// <summary>Extra share of the input price a 5-minute write costs (0.25: writes cost 1.25×).</summary>
    public decimal Write5mPremium { get; init; } = 0.25m;

    /// <summary>Extra share of the input price a 1-hour write costs (1.0: writes cost 2×).</summary>
    public decimal Write1hPremium { get; init; } = 1.0m;
}
