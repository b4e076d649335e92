namespace Frugal.Core.Compression;

/// <summary>What one request gets, resolved by <see cref="CompressionPolicy"/> from the section, the key's rule and the model's rule.</summary>
public sealed record CompressionSettings
{
    public CompressionTechniques Techniques { get; init; } = CompressionTechniques.Lossless;

    /// <summary>Selection keeps about 1/ratio of each eligible text's tokens.</summary>
    public double TargetRatio { get; init; } = 4;

    /// <summary>When set, selection's budget for all eligible text together (shared in proportion to size) instead of the ratio.</summary>
    public int? TargetTokens { get; init; }

    /// <summary>Selection's scorer; <c>hybrid</c> loads the minilm embedder at startup and costs milliseconds per request (see the notes of issue #17).</summary>
    public CompressionScorer Scorer { get; init; } = CompressionScorer.Bm25;

    /// <summary>Prompts smaller than this (tokens of all message text) are sent as they are.</summary>
    public int MinPromptTokens { get; init; } = 1000;

    /// <summary>A message (or text part) is eligible for selection from this size; marked text always is.</summary>
    public int MinPartTokens { get; init; } = 500;

    /// <summary>History is reduced once the conversation after the system prompt is larger than this.</summary>
    public int HistoryThresholdTokens { get; init; } = 16_000;

    /// <summary>What history reduction keeps at least; the compaction point moves every (threshold − keep) tokens.</summary>
    public int HistoryKeepTokens { get; init; } = 8_000;

    /// <summary>Replace the turns history reduction dropped by a short summary written by the cheapest model of the route (one extra upstream call, cached).</summary>
    public bool SummarizeDropped { get; init; }

    /// <summary>How long the summary call may take; after that the turns are dropped without a summary.</summary>
    public int SummaryTimeoutMs { get; init; } = 5_000;
}
