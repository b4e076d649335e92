namespace Frugal.Tools.Caching;

/// <summary>How <see cref="CacheStreamEvaluator"/> replays a stream.</summary>
public sealed record CacheEvalOptions
{
    /// <summary>
    /// Add each query that misses to the cache as the stream goes on, as a live cache does once
    /// the model has answered it. On by default: that is what the gateway does.
    /// </summary>
    public bool Learn { get; init; } = true;

    /// <summary>Nearest entries the verifier looks at per query, best first (what the cache stage will use).</summary>
    public int Candidates { get; init; } = 8;

    /// <summary>Thresholds replayed: LowestStep/100 .. HighestStep/100.</summary>
    public int LowestStep { get; init; } = 50;

    public int HighestStep { get; init; } = 99;
}
