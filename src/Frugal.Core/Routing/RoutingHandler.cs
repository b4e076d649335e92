using Frugal.Core.Pipeline;

namespace Frugal.Core.Routing;

/// <summary>Resolves the requested model name to the provider and upstream model to call.</summary>
public sealed class RoutingHandler(IGatewayHandler inner, ModelResolver resolver) : CheckingGatewayHandler(inner)
{
    protected override GatewayError? Check(GatewayRequest request)
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
