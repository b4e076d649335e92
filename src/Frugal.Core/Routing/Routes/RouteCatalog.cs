using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Configuration;
using Frugal.Core.Routing.Classification;

namespace Frugal.Core.Routing.Routes;

/// <summary>
/// The routes clients can call by name, with what they need from the price catalog: each model's
/// price (to find the next cheaper model for a budget downgrade and the most capable model that
/// savings are measured against). Also holds the implicit <c>auto</c> route when the config has no
/// route of that name: a cost-priority complexity route over the configured models, cheapest as
/// fast, dearest as powerful and the median as balanced (it needs two priced chat models; embedding and other
/// non-chat models are left out, see <see cref="ModelMode"/>).
/// </summary>
public sealed class RouteCatalog
{
    public const string AutoRoute = "auto";

    private readonly Dictionary<string, RouteConfig> _routes;
    private readonly ModelResolver _resolver;
    private readonly PriceBook _prices;
    private readonly TimeProvider _time;

    public RouteCatalog(GatewayConfig config, ModelResolver resolver, PriceBook prices, TimeProvider time)
    {
        _resolver = resolver;
        _prices = prices;
        _time = time;
        _routes = new Dictionary<string, RouteConfig>(config.Routing.Routes, StringComparer.Ordinal);
        if (!_routes.ContainsKey(AutoRoute) && !config.Models.ContainsKey(AutoRoute) && ImplicitAuto(config) is { } auto)
        {
            _routes[AutoRoute] = auto;
        }
    }

    public IReadOnlyDictionary<string, RouteConfig> Routes => _routes;

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RouteConfig? route)
        => _routes.TryGetValue(name, out route);

    /// <summary>Every model a route may answer with, in its natural order (targets; fast→powerful; weak→strong).</summary>
    public static IReadOnlyList<string> ModelsOf(RouteConfig route) => route.Strategy switch
    {
        RouteStrategy.Failover => route.Targets,
        RouteStrategy.Complexity => new[] { route.Tiers!.Fast, route.Tiers.Balanced, route.Tiers.Powerful }.Distinct(StringComparer.Ordinal).ToArray(),
        _ => new[] { route.Weak!, route.Strong! }.Distinct(StringComparer.Ordinal).ToArray(),
    };

    /// <summary>
    /// The model a route would use if cost did not matter: complexity → powerful, learned → strong;
    /// null for a failover route (its order is about availability, not capability).
    /// </summary>
    public static string? MostCapable(RouteConfig route) => route.Strategy switch
    {
        RouteStrategy.Complexity => route.Tiers!.Powerful,
        RouteStrategy.Learned => route.Strong,
        _ => null,
    };

    /// <summary>
    /// The next cheaper model of <paramref name="route"/> than <paramref name="model"/> by catalog price
    /// (input + output per 1M tokens): the dearest of the route's models that cost less. Null when the
    /// route is unknown, the model has no price, or nothing in the route is cheaper.
    /// </summary>
    public string? NextCheaper(string route, string model)
    {
        if (!_routes.TryGetValue(route, out var config) || PriceOf(model) is not { } price)
        {
            return null;
        }

        return ModelsOf(config)
            .Select(m => (Model: m, Price: PriceOf(m)))
            .Where(m => m.Price is { } p && p < price)
            .OrderByDescending(m => m.Price)
            .ThenBy(m => m.Model, StringComparer.Ordinal)
            .Select(m => m.Model)
            .FirstOrDefault();
    }

    /// <summary>Input + output USD per 1M tokens of a gateway model name; null when the catalog has no price.</summary>
    public decimal? PriceOf(string model) => FindPrice(model) is { } price ? price.InputPerMillion + price.OutputPerMillion : null;

    /// <summary>
    /// The price of a gateway model name by the ledger's rule (<see cref="PriceBook.TryFindForCall"/>: its own name, then
    /// its upstream id), so a routing saving is measured on the prices the ledger bills. The upstream id is resolved only
    /// when the name has no price of its own: resolving allocates, and this runs after every routed answer.
    /// </summary>
    public ModelPrice? FindPrice(string model)
    {
        var now = _time.GetUtcNow();
        return _prices.TryFindForCall(model, upstreamModel: null, now, out var price)
            || (_resolver.Resolve(model) is { } target && _prices.TryFindForCall(model: null, target.UpstreamModel, now, out price))
            ? price
            : null;
    }

    private RouteConfig? ImplicitAuto(GatewayConfig config)
    {
        // Only models that can chat: an embedding model next to the chat models is cheap and priced, and would
        // otherwise become the fast tier.
        var priced = config.Models.Values
            .Where(m => (m.Mode ?? FindPrice(m.Name)?.Mode ?? ModelMode.Chat) == ModelMode.Chat)
            .Select(m => (Model: m.Name, Price: PriceOf(m.Name)))
            .Where(m => m.Price is not null)
            .OrderBy(m => m.Price)
            .ThenBy(m => m.Model, StringComparer.Ordinal)
            .Select(m => m.Model)
            .ToList();
        if (priced.Count < 2)
        {
            return null;
        }

        return new RouteConfig
        {
            Name = AutoRoute,
            Strategy = RouteStrategy.Complexity,
            Priority = ModelPriority.Cost,
            Tiers = new TierModelMap(priced[0], priced[priced.Count / 2], priced[^1]),
        };
    }
}
