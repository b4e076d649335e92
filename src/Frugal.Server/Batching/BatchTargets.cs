using Frugal.Core.Configuration.Live;
using Frugal.Core.Routing;
using Frugal.Core.Routing.Routes;

namespace Frugal.Server.Batching;

/// <summary>
/// The one target a batch runs on, resolved once per job like a synchronous call's model: a route name takes its most
/// capable model (complexity: the powerful tier, learned: the strong model, otherwise the route's first model), so a
/// batch never runs on a cheaper model than the route could pick; then configured names, then <c>provider/model</c>.
/// Names are those of the current configuration.
/// </summary>
public sealed class BatchTargets(ConfigGenerations generations)
{
    public RouteTarget? Resolve(string model)
    {
        var generation = generations.Current; // a lookup: nothing of the generation is used after it returns
        var routes = generation.Get<RouteCatalog>();
        var resolver = generation.Get<ModelResolver>();
        if (routes.TryGet(model, out var route))
        {
            var models = RouteCatalog.ModelsOf(route);
            var chosen = RouteCatalog.MostCapable(route) ?? (models.Count > 0 ? models[0] : null);
            return chosen is null ? null : resolver.Resolve(chosen);
        }

        return resolver.Resolve(model);
    }
}
