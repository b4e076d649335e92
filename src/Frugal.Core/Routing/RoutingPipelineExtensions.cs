using Frugal.Core.Pipeline;
using Frugal.Core.Routing.Failover;
using Frugal.Core.Routing.Routes;
using Frugal.Core.Routing.Shadow;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Frugal.Core.Routing;

public static class RoutingPipelineExtensions
{
    public static GatewayPipelineBuilder UseRouting(this GatewayPipelineBuilder builder)
        => builder.Use((inner, services) => new RoutingHandler(
            inner,
            services.GetRequiredService<ModelResolver>(),
            services.GetRequiredService<RouteCatalog>(),
            services.GetRequiredService<RoutePlanner>(),
            services.GetRequiredService<CircuitBreakers>(),
            services.GetRequiredService<StickySessions>(),
            services.GetRequiredService<ShadowQueue>(),
            services.GetRequiredService<ILogger<RoutingHandler>>()));
}
