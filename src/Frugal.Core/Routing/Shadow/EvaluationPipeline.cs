using Frugal.Core.Pipeline;

namespace Frugal.Core.Routing.Shadow;

/// <summary>
/// The pipeline the gateway's own evaluation calls (the shadow labeller's strong and judge calls) go through, composed
/// next to the client pipeline by <c>Frugal.Server.GatewayPipeline.BuildEvaluation</c>: ledger → budget reservation
/// (only with <c>budgets.evaluationSpend: "counted"</c>) → dispatch, each stage traced. No admission (rate limits),
/// caching or routing: the caller sets the target (<see cref="RoutingFeature"/>) and the
/// <see cref="Accounting.Ledger.LedgerEndpoint"/> itself.
/// </summary>
public sealed class EvaluationPipeline(IGatewayHandler handler)
{
    public IGatewayHandler Handler { get; } = handler;
}
