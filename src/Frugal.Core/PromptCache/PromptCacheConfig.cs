namespace Frugal.Core.PromptCache;

/// <summary>
/// The <c>promptCache</c> section. The mode of an attempt is the route's (the model name the client asked for), else
/// the provider's, else <see cref="Mode"/>. Off by default: the first write of a prefix that is then reused only once
/// costs 25 % of that prefix more than sending it plain, so "never costs more" cannot be promised for every workload.
/// </summary>
public sealed record PromptCacheConfig
{
    public PromptCacheMode Mode { get; init; } = PromptCacheMode.Off;

    /// <summary>Per route (or requested model name): overrides the provider's and the default mode.</summary>
    public IReadOnlyDictionary<string, PromptCacheMode> Routes { get; init; } = new Dictionary<string, PromptCacheMode>();

    /// <summary>Per configured provider name: overrides the default mode.</summary>
    public IReadOnlyDictionary<string, PromptCacheMode> Providers { get; init; } = new Dictionary<string, PromptCacheMode>();

    /// <summary>Prefixes whose reuse is remembered (LRU beyond this).</summary>
    public int MaxPrefixes { get; init; } = 100_000;

    /// <summary>
    /// Requests a minute one <c>prompt_cache_key</c> should carry: OpenAI documents that above about 15 a minute per
    /// prefix-and-key the extra requests overflow to machines without the cache, so a hotter prefix is spread over
    /// several keys (each conversation keeps its key).
    /// </summary>
    public int RequestsPerKeyPerMinute { get; init; } = 15;

    /// <summary>Ask for the catalogued extended retention (OpenAI "24h", no extra charge) unless the client chose one.</summary>
    public bool ExtendedRetention { get; init; } = true;

    /// <summary>Routes whose tools are sent in a canonical order (by function name): safe, the model sees the same set.</summary>
    public IReadOnlySet<string> NormalizeToolOrder { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>True when any route, provider or the default is "auto": otherwise the stage is not built at all.</summary>
    public bool AnyEnabled
    {
        get
        {
            if (Mode == PromptCacheMode.Auto)
            {
                return true;
            }

            foreach (var mode in Routes.Values)
            {
                if (mode == PromptCacheMode.Auto)
                {
                    return true;
                }
            }

            foreach (var mode in Providers.Values)
            {
                if (mode == PromptCacheMode.Auto)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public PromptCacheMode ModeFor(string route, string provider)
        => Routes.TryGetValue(route, out var byRoute) ? byRoute
            : Providers.TryGetValue(provider, out var byProvider) ? byProvider
            : Mode;
}
