using Frugal.Core.Pipeline;
using Frugal.Core.Routing;

namespace Frugal.Core.Accounting;

/// <summary>
/// With <c>prices.missingPolicy: "reject"</c>, refuses to call a model that has no price, before
/// anything is spent, and says which price is missing. Sits just before dispatch, once routing
/// has chosen the model.
/// </summary>
public sealed class PriceGuardHandler(IGatewayHandler inner, CostEngine costs) : CheckingGatewayHandler(inner)
{
    protected override GatewayError? Check(GatewayRequest request)
    {
        if (request.Features.Get<RoutingFeature>()?.Target is not { } target || costs.HasPrice(target.UpstreamModel, target.Model))
        {
            return null;
        }

        return GatewayError.InvalidRequest(
            $"No price is recorded for model '{target.Model}' (upstream '{target.UpstreamModel}' at provider '{target.Provider.Name}'), and prices.missingPolicy is \"reject\". "
            + $"Add it under \"prices\": {{\"models\": {{\"{target.Model}\": {{\"input\": …, \"output\": …}}}}}} in the config, or mark it {{\"free\": true}}.",
            param: "model",
            code: "price_missing");
    }
}
