using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Batching;

/// <summary>
/// One finished line in OpenAI's batch output shape: <see cref="StatusCode"/> 200 with the response
/// body (a <c>chat.completion</c> or embeddings list, translated for Anthropic), or an error status with
/// an OpenAI error body. <see cref="Usage"/> is what the provider billed for this line (null when it billed
/// nothing). <see cref="Retryable"/> marks lines that did not run through no fault of their own (expired,
/// cancelled by the provider, 429/5xx) and may go into a new batch.
/// </summary>
public sealed record ProviderBatchResult(
    string CustomId,
    int StatusCode,
    ReadOnlyMemory<byte> Body,
    ChatUsage? Usage,
    bool Retryable);
