using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Pipeline;

namespace Frugal.Core.Accounting;

/// <summary>
/// With <c>prices.missingPolicy: "reject"</c>, refuses to call a model that has no price, before
/// anything is spent, and says which price is missing. Sits just before dispatch, once routing
/// has chosen the model.
/// </summary>
public sealed class PriceGuardHandler(IGatewayHandler inner, CostEngine costs) : DelegatingGatewayHandler(inner)
{
    public override ValueTask<GatewayResult<ChatCompletion>> SendAsync(GatewayRequest request, CancellationToken cancellationToken)
        => Check(request) is { } error ? ValueTask.FromResult(GatewayResult<ChatCompletion>.Failure(error)) : Inner.SendAsync(request, cancellationToken);

    public override ValueTask<GatewayResult<ChatStream>> StreamAsync(GatewayRequest request, CancellationToken cancellationToken)
        => Check(request) is { } error ? ValueTask.FromResult(GatewayResult<ChatStream>.Failure(error)) : Inner.StreamAsync(request, cancellationToken);

    public override ValueTask<GatewayResult<EmbeddingResult>> EmbedAsync(GatewayRequest request, CancellationToken cancellationToken)
        => Check(request) is { } error ? ValueTask.FromResult(GatewayResult<EmbeddingResult>.Failure(error)) : Inner.EmbedAsync(request, cancellationToken);

    private GatewayError? Check(GatewayRequest request)
    {
        if (request.Target is not { } target || costs.HasPrice(target.UpstreamModel, target.Model))
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
