namespace Frugal.Core.Caching.Semantic.Embedding;

/// <summary>
/// An embedder's default semantic-cache threshold and how it was chosen: the lowest similarity whose
/// hits kept precision ≥ <see cref="TargetPrecision"/> on labelled dev data (verifier on), by the
/// command recorded beside it. One entry of calibrated-thresholds.json, embedded in Frugal.Core.
/// </summary>
/// <param name="Embedder">The config name ("minilm", "hashing", …).</param>
/// <param name="Vectors">The embedder's versioned <see cref="IEmbedder.Name"/> at calibration: a changed model needs a new calibration.</param>
/// <param name="Threshold">The default cosine-similarity threshold.</param>
/// <param name="TargetPrecision">The precision the threshold was chosen for.</param>
/// <param name="DevPrecision">Precision of hits at the threshold on the dev split.</param>
/// <param name="DevHitRate">Share of dev queries served from the cache at the threshold.</param>
/// <param name="DataSet">The labelled data (file and where it lives).</param>
/// <param name="Split">Which rows warmed the cache and which were queries.</param>
/// <param name="Command">The command that produced this entry.</param>
/// <param name="Date">When (UTC date).</param>
public sealed record CalibratedThreshold(
    string Embedder,
    string Vectors,
    float Threshold,
    double TargetPrecision,
    double DevPrecision,
    double DevHitRate,
    string DataSet,
    string Split,
    string Command,
    string Date);
