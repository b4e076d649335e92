using Frugal.Core.Routing.Classification;
using Frugal.Core.Routing.Learned;

namespace Frugal.Core.Routing.Routes;

/// <summary>
/// One configured route: a model name clients call that the gateway resolves per request to one
/// of several models. Model names are configured model names or <c>provider/model</c>.
/// </summary>
public sealed record RouteConfig
{
    public required string Name { get; init; }

    public RouteStrategy Strategy { get; init; } = RouteStrategy.Failover;

    /// <summary>Failover: the targets in the order they are tried.</summary>
    public IReadOnlyList<string> Targets { get; init; } = [];

    /// <summary>Complexity: the models of the three roles.</summary>
    public TierModelMap? Tiers { get; init; }

    /// <summary>Complexity: which role serves which tier.</summary>
    public ModelPriority Priority { get; init; } = ModelPriority.Cost;

    /// <summary>Complexity: the classifier's rules (defaults with the configured overrides).</summary>
    public ComplexityRules Rules { get; init; } = new();

    /// <summary>Learned: the loaded router.json, with the threshold the config asked for.</summary>
    public LearnedRouterModel? LearnedModel { get; init; }

    /// <summary>Learned: where <see cref="LearnedModel"/> was read from (absolute).</summary>
    public string? LearnedModelPath { get; init; }

    /// <summary>
    /// Learned: the strong-call share the route holds on live traffic (<c>strongShare</c>, else the share
    /// the model's own rule reached on held-out data); null with a fixed <c>threshold</c>.
    /// </summary>
    public double? TargetStrongShare { get; init; }

    /// <summary>Learned: recent scores the share controller takes its quantile over; 0 = the threshold stays where training (or config) put it.</summary>
    public int ShareWindow { get; init; }

    public string? Weak { get; init; }

    public string? Strong { get; init; }

    /// <summary>Keep one conversation on one model (provider prompt caches stay warm).</summary>
    public bool Sticky { get; init; }

    public ShadowConfig? Shadow { get; init; }
}
