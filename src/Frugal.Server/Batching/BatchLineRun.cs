using Frugal.Core.Accounting;

namespace Frugal.Server.Batching;

/// <summary>
/// One line's answer before it is billed: the status and body of its output line, the usage to price,
/// whether it ran through the provider's batch API (batch price) and whether it may run again.
/// </summary>
public sealed record BatchLineRun(string CustomId, int StatusCode, ReadOnlyMemory<byte> Body, TokenUsage Usage, bool Batched, bool Retryable, int Tries);
