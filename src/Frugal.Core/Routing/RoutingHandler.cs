using Frugal.Core.Pipeline;

namespace Frugal.Core.Routing;

/// <summary>Resolves the requested model name to the provider and upstream model to call.</summary>
public sealed class RoutingHandler(IGatewayHandler inner, ModelResolver resolver) : DelegatingGatewayHandler(inner)
{
    public override ValueTask<GatewayResult<ChatCompletion>> SendAsync(GatewayRequest request, CancellationToken cancellationToken)
        => Route(request) is { } error ? ValueTask.FromResult(GatewayResult<ChatCompletion>.Failure(error)) : Inner.SendAsync(request, cancellationToken);

    public override ValueTask<GatewayResult<ChatStream>> StreamAsync(GatewayRequest request, CancellationToken cancellationToken)
        => Route(request) is { } error ? ValueTask.FromResult(GatewayResult<ChatStream>.Failure(error)) : Inner.StreamAsync(request, cancellationToken);

    public override ValueTask<GatewayResult<EmbeddingResult>> EmbedAsync(GatewayRequest request, CancellationToken cancellationToken)
        => Route(request) is { } error ? ValueTask.FromResult(GatewayResult<EmbeddingResult>.Failure(error)) : Inner.EmbedAsync(request, cancellationToken);

    private GatewayError? Route(GatewayRequest request)
    {
        if (resolver.Resolve(request.RequestedModel) is not { } target)
        {
            return GatewayError.ModelNotFound(request.RequestedModel);
        }

        request.Target = target;
        request.Record.ResolvedModel = target.Model;
        return null;
    }
}
