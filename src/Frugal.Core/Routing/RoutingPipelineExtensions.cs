using Frugal.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Core.Routing;

public static class RoutingPipelineExtensions
{
    public static GatewayPipelineBuilder UseRouting(this GatewayPipelineBuilder builder)
        => builder.Use((inner, services) => new RoutingHandler(inner, services.GetRequiredService<ModelResolver>()));
}
