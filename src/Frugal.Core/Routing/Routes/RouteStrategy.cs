namespace Frugal.Core.Routing.Routes;

/// <summary>How a route picks the model for one request.</summary>
public enum RouteStrategy
{
    /// <summary>The targets in the order configured; the next is tried when one fails before the first byte.</summary>
    Failover = 0,

    /// <summary>The rule-based <see cref="Classification.ComplexityClassifier"/> picks a tier, the tier a model.</summary>
    Complexity = 1,

    /// <summary>A trained router (router.json) decides between a weak and a strong model.</summary>
    Learned = 2,
}
