namespace Frugal.Core.Routing.Routes;

/// <summary>The <c>routes</c> section (the routes by name) and the <c>routing</c> section (breaker, sticky memory).</summary>
public sealed record RoutingConfig
{
    public IReadOnlyDictionary<string, RouteConfig> Routes { get; init; } = new Dictionary<string, RouteConfig>();

    public CircuitBreakerOptions CircuitBreaker { get; init; } = new();

    /// <summary>Conversations remembered for sticky routes (least recently used are forgotten first).</summary>
    public int StickyCapacity { get; init; } = 10_000;

    /// <summary>A conversation idle this long is forgotten.</summary>
    public TimeSpan StickyTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Shadow calls waiting to run; beyond it new samples are dropped (never the client's request).</summary>
    public int ShadowQueueCapacity { get; init; } = 1_000;
}
