using Frugal.Core.Routing.Learned;

namespace Frugal.Tools.Routing;

/// <summary>One router on one held-out group.</summary>
/// <param name="Name">"random", "prompt length", "lexical", "embedding", "combined", or "&lt;variant&gt; deployed" (after the length fallback).</param>
/// <param name="Evaluation">Its cost/quality curve on the held-out group.</param>
/// <param name="TrainedRule">For a learned variant: the rule training chose on its own held-out groups (the length fallback); null for baselines.</param>
/// <param name="FixedThresholdShare">Strong-call share on the held-out group at the threshold training chose for the target share; NaN for baselines.</param>
/// <param name="ControlledShare">The same with <see cref="StrongShareController"/> (window <see cref="GroupedRouterEvaluation.ShareWindow"/>), over the decisions after the first window; NaN for baselines.</param>
public sealed record GroupRouterResult(string Name, RouterEvaluation Evaluation, RouterRule? TrainedRule, double FixedThresholdShare, double ControlledShare);
