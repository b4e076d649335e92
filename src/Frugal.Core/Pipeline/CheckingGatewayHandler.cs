namespace Frugal.Core.Pipeline;

/// <summary>
/// A stage that only checks or annotates a request before passing it on: <see cref="Check"/>
/// returns an error to answer with instead, or null to continue — for all three call kinds.
/// </summary>
public abstract class CheckingGatewayHandler(IGatewayHandler inner) : DelegatingGatewayHandler(inner)
{
    public sealed override ValueTask<GatewayResult<ChatCompletion>> SendAsync(GatewayRequest request, CancellationToken cancellationToken)
        => Check(request) is { } error ? ValueTask.FromResult(GatewayResult<ChatCompletion>.Failure(error)) : Inner.SendAsync(request, cancellationToken);

    public sealed override ValueTask<GatewayResult<ChatStream>> StreamAsync(GatewayRequest request, CancellationToken cancellationToken)
        => Check(request) is { } error ? ValueTask.FromResult(GatewayResult<ChatStream>.Failure(error)) : Inner.StreamAsync(request, cancellationToken);

    public sealed override ValueTask<GatewayResult<EmbeddingResult>> EmbedAsync(GatewayRequest request, CancellationToken cancellationToken)
        => Check(request) is { } error ? ValueTask.FromResult(GatewayResult<EmbeddingResult>.Failure(error)) : Inner.EmbedAsync(request, cancellationToken);

    protected abstract GatewayError? Check(GatewayRequest request);
}
