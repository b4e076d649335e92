namespace Frugal.Core.Caching;

/// <summary>
/// The optional <c>cache</c> section. Off unless enabled: an operator decides that identical
/// requests may share one answer. Every setting has a default, so <c>{"enabled": true}</c> is a
/// working in-memory cache.
/// </summary>
public sealed record CacheConfig
{
    public const long DefaultMaxMemoryBytes = 256L * 1024 * 1024;

    /// <summary>What the memory store keeps at least when the semantic share is carved out of <see cref="MaxMemoryBytes"/>.</summary>
    public const long MinStoreMemoryBytes = 64 * 1024;

    public bool Enabled { get; init; }

    public CacheBackend Backend { get; init; } = CacheBackend.Memory;

    public TimeSpan Ttl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Everything the caches hold in process memory: the memory backend's answers (an LRU over payloads
    /// plus keys) and, when the semantic cache is on, its share <see cref="SemanticCacheConfig.MaxMemoryBytes"/>.
    /// </summary>
    public long MaxMemoryBytes { get; init; } = DefaultMaxMemoryBytes;

    /// <summary>The memory store's bound: <see cref="MaxMemoryBytes"/> minus the semantic share when both caches are on.</summary>
    public long StoreMemoryBytes => Enabled && Semantic.Enabled ? Math.Max(MaxMemoryBytes - Semantic.MaxMemoryBytes, MinStoreMemoryBytes) : MaxMemoryBytes;

    /// <summary>
    /// Requests sampled hotter than this are not cached (an absent temperature counts as OpenAI's
    /// default, 1): whoever asks for variety should not get a replay.
    /// </summary>
    public double MaxTemperature { get; init; } = 1.0;

    public CacheNamespaceMode NamespaceBy { get; init; } = CacheNamespaceMode.Key;

    /// <summary>Per virtual key (name or id).</summary>
    public IReadOnlyDictionary<string, CacheRule> Keys { get; init; } = new Dictionary<string, CacheRule>();

    /// <summary>Per requested model (a configured model, a route, or provider/model).</summary>
    public IReadOnlyDictionary<string, CacheRule> Models { get; init; } = new Dictionary<string, CacheRule>();

    public SemanticCacheConfig Semantic { get; init; } = new();
}
