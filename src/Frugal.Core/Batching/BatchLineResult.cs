namespace Frugal.Core.Batching;

/// <summary>A line's final result as the job store keeps it: the status and body of the output/error line, and what it cost.</summary>
public sealed record BatchLineResult(string CustomId, int StatusCode, ReadOnlyMemory<byte> Body, decimal? CostUsd);
