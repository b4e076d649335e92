namespace Frugal.Core.Compression;

/// <summary>Which techniques a request's policy applies (config names: "lossless", "select", "history").</summary>
[Flags]
public enum CompressionTechniques
{
    None = 0,

    /// <summary><see cref="LosslessCompaction"/> + <see cref="DuplicateBlocks"/>: safe for any route.</summary>
    Lossless = 1,

    /// <summary><see cref="QueryAwareSelection"/> on long user/tool content of the current turn.</summary>
    Select = 2,

    /// <summary><see cref="HistoryReduction"/> of long conversations at fixed compaction points.</summary>
    History = 4,
}
