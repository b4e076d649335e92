namespace Frugal.Core.Pipeline;

/// <summary>
/// One stage of the gateway pipeline (the shape of Microsoft.Extensions.AI's IChatClient, with
/// our own wire types). Expected failures come back as <see cref="GatewayError"/> values; a
/// stream that fails after its first chunk throws <see cref="GatewayStreamException"/>.
/// </summary>
public interface IGatewayHandler
{
    ValueTask<GatewayResult<ChatCompletion>> SendAsync(GatewayRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a stream. A success means the first chunk has already arrived from upstream, so
    /// every retry and failover decision has been made before anything reaches the client.
    /// </summary>
    ValueTask<GatewayResult<ChatStream>> StreamAsync(GatewayRequest request, CancellationToken cancellationToken);

    ValueTask<GatewayResult<EmbeddingResult>> EmbedAsync(GatewayRequest request, CancellationToken cancellationToken);
}
