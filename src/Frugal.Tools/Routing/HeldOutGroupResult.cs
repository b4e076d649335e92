namespace Frugal.Tools.Routing;

/// <summary>One held-out group of <see cref="GroupedRouterEvaluation"/>: every router's curve on it, trained on the other groups.</summary>
/// <param name="Group">The group tested on (never seen in training).</param>
/// <param name="TrainRows">Rows of the other groups the routers were trained on.</param>
/// <param name="TestRows">Rows of this group.</param>
/// <param name="Routers">Random (expected), prompt length, then each learned variant and what each would deploy.</param>
public sealed record HeldOutGroupResult(string Group, int TrainRows, int TestRows, IReadOnlyList<GroupRouterResult> Routers)
{
    public RouterEvaluation Random => Routers[0].Evaluation;

    public RouterEvaluation Length => Routers[1].Evaluation;
}
