namespace Frugal.Core.Compression;

/// <summary>
/// A summary of the turns history reduction dropped: its text, the model that wrote it, and what this request paid for
/// it (0 when it came from the summary cache — the request that wrote it paid).
/// </summary>
public sealed record DroppedTurnSummary(string Text, string Model, decimal CostUsd, bool FromCache);
