using Frugal.Core.Caching.Semantic.Embedding;

namespace Frugal.Core.Caching;

/// <summary>The optional <c>cache.semantic</c> section: the similarity cache behind the exact one (off by default).</summary>
public sealed record SemanticCacheConfig
{
    /// <summary>
    /// The threshold of an embedder without a shipped calibration (http: the model is the operator's) and of
    /// a config built in code. The config reader gives every other embedder its calibrated default
    /// (<see cref="Semantic.Embedding.CalibratedThresholds"/>) when <c>threshold</c> is not set.
    /// Conservative on purpose: better a miss than a wrong hit; calibrate on your own traffic to go lower.
    /// </summary>
    public const float DefaultThreshold = 0.90f;

    public bool Enabled { get; init; }

    /// <summary>Which embedder builds the vectors; for "http", <see cref="EmbedderProvider"/> and <see cref="EmbedderModel"/> say which endpoint.</summary>
    public EmbedderOptions Embedder { get; init; } = new();

    /// <summary>http embedder: the configured provider whose <c>/embeddings</c> endpoint and key are used.</summary>
    public string? EmbedderProvider { get; init; }

    /// <summary>http embedder: the embedding model name.</summary>
    public string? EmbedderModel { get; init; }

    /// <summary>
    /// Cosine similarity a candidate needs before the verifier looks at it; feedback raises it per entry. From config, or
    /// the embedder's calibrated default (see <see cref="DefaultThreshold"/>).
    /// </summary>
    public float Threshold { get; init; } = DefaultThreshold;

    /// <summary>Check numbers, units, dates, negation and names before serving a similar entry (on unless switched off).</summary>
    public bool Verifier { get; init; } = true;

    /// <summary>Entries per context above which the index switches from exact SIMD search to HNSW (0: sized by dimensions).</summary>
    public int ExactIndexLimit { get; init; }

    /// <summary>How many nearest entries are checked, best first, before giving up.</summary>
    public int MaxCandidates { get; init; } = 8;

    /// <summary>How often a process pulls events appended by others (shared backends) before a lookup.</summary>
    public TimeSpan SyncInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The semantic cache's share of <see cref="CacheConfig.MaxMemoryBytes"/>: its in-process state (vectors,
    /// entries, per-context indexes, the memory backend's event log) is counted against this and the least
    /// recently used entries are evicted beyond it. The config reader sets half of <c>cache.maxMemoryBytes</c>
    /// unless <c>cache.semantic.maxMemoryBytes</c> says otherwise; the memory store gets the rest.
    /// </summary>
    public long MaxMemoryBytes { get; init; } = DefaultMemoryShare(CacheConfig.DefaultMaxMemoryBytes);

    /// <summary>
    /// Contexts (system prompt, earlier turns, tools, parameters) kept at once; beyond it the least
    /// recently used context is released whole. 0: derived, <see cref="MaxMemoryBytes"/> / 8 KiB
    /// (about what a context holding one 512-d entry costs), at least 16.
    /// </summary>
    public int MaxContexts { get; init; }

    /// <summary>What <see cref="MaxContexts"/> means once 0 is resolved.</summary>
    public int EffectiveMaxContexts => MaxContexts > 0 ? MaxContexts : (int)Math.Clamp(MaxMemoryBytes / (8 * 1024), 16, int.MaxValue);

    /// <summary>The default share: half of the cache's memory limit.</summary>
    public static long DefaultMemoryShare(long cacheMaxMemoryBytes) => cacheMaxMemoryBytes / 2;
}
