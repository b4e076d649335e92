namespace Frugal.Core.Batching;

/// <summary>
/// A line's final result as it appears in the job's output or error file: the HTTP status and body the
/// client would have got from the synchronous call (a <c>chat.completion</c>, or an OpenAI error object),
/// and what Frugal billed for it.
/// </summary>
public sealed record BatchLineOutcome(
    string BatchId,
    string CustomId,
    int StatusCode,
    ReadOnlyMemory<byte> Body,
    decimal? CostUsd);
