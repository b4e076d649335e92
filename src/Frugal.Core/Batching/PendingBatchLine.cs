namespace Frugal.Core.Batching;

/// <summary>A line not finished yet: its request body and how many times it was tried.</summary>
public sealed record PendingBatchLine(long LineNo, string CustomId, ReadOnlyMemory<byte> Body, int Tries);
