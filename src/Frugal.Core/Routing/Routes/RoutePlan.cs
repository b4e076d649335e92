namespace Frugal.Core.Routing.Routes;

/// <summary>
/// What a route decided for one request: the models to try in order (the chosen one first, then its
/// failovers), the tier it saw (complexity: simple…expert; learned: weak/strong) and why.
/// </summary>
/// <param name="Models">Gateway model names, tried in this order.</param>
/// <param name="Tier">The tier or side chosen; null for a failover route.</param>
/// <param name="Reason">Why, e.g. <c>simple task:翻译,12 tokens</c>, <c>learned:p=0.83</c>, <c>sticky</c>, <c>downgrade:…</c>.</param>
/// <param name="StickyKey">The conversation key when the route is sticky.</param>
public sealed record RoutePlan(IReadOnlyList<string> Models, string? Tier, string Reason, string? StickyKey);
