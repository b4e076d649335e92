using Frugal.Core.Pipeline;

namespace Frugal.Core.Dispatch;

/// <summary>
/// One upstream API. An adapter makes exactly one HTTP call per method call: retries,
/// timeouts and the first-chunk peek belong to <see cref="DispatchHandler"/>. HTTP-level
/// failures (error statuses, unreadable bodies) come back as values; transport failures
/// (<see cref="HttpRequestException"/>, <see cref="OperationCanceledException"/>) are thrown
/// and classified by the dispatcher, which alone knows whether a cancellation was a timeout.
/// </summary>
public interface IProviderClient
{
    string Name { get; }

    ValueTask<GatewayResult<ChatCompletion>> SendAsync(ProviderCall call, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a streaming request and returns once the response headers are in; the chunks are
    /// read lazily. A chunk that cannot be read throws <see cref="GatewayStreamException"/>.
    /// </summary>
    ValueTask<GatewayResult<ChatStream>> StreamAsync(ProviderCall call, CancellationToken cancellationToken);

    ValueTask<GatewayResult<EmbeddingResult>> EmbedAsync(ProviderEmbeddingCall call, CancellationToken cancellationToken);
}
