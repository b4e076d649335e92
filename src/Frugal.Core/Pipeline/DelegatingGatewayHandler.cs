namespace Frugal.Core.Pipeline;

/// <summary>Forwards every call to the next stage; a stage overrides only what it changes.</summary>
public abstract class DelegatingGatewayHandler(IGatewayHandler inner) : IGatewayHandler
{
    protected IGatewayHandler Inner { get; } = inner;

    public virtual ValueTask<GatewayResult<ChatCompletion>> SendAsync(GatewayRequest request, CancellationToken cancellationToken)
        => Inner.SendAsync(request, cancellationToken);

    public virtual ValueTask<GatewayResult<ChatStream>> StreamAsync(GatewayRequest request, CancellationToken cancellationToken)
        => Inner.StreamAsync(request, cancellationToken);

    public virtual ValueTask<GatewayResult<EmbeddingResult>> EmbedAsync(GatewayRequest request, CancellationToken cancellationToken)
        => Inner.EmbedAsync(request, cancellationToken);
}
