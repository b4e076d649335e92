using System.Globalization;
using Frugal.Core.Accounting;
using Frugal.Core.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Frugal.Server.Http;

/// <summary>The x-frugal-* response headers that tell a client what the gateway did.</summary>
public static class FrugalHeaders
{
    public const string RequestId = "x-frugal-request-id";
    public const string Provider = "x-frugal-provider";
    public const string Model = "x-frugal-model";
    public const string CostUsd = "x-frugal-cost-usd";
    public const string Route = "x-frugal-route";
    public const string Cache = "x-frugal-cache";

    public static void Apply(HttpResponse response, GatewayRequest request)
    {
        if (request.Record.Provider is { } provider)
        {
            response.Headers[Provider] = AsciiHeaderValue.Of(provider); // names may come from the client (provider/模型)
        }

        if (request.Record.UpstreamModel is { } model)
        {
            response.Headers[Model] = AsciiHeaderValue.Of(model);
        }

        if (request.Record.Route is { } route)
        {
            response.Headers[Route] = route; // already ASCII: RouteHeader encodes it with AsciiHeaderValue
        }

        if (request.Record.CacheOutcome != CacheOutcome.None) // no header when no cache stage ran
        {
            response.Headers[Cache] = CacheOutcomeNames.Of(request.Record.CacheOutcome);
        }

        if (request.Record.Priced)
        {
            response.Headers[CostUsd] = FormatCost(request.Record.CostUsd);
        }
    }

    /// <summary>Dollars with up to nine decimals, or "unknown" when the model has no price — never a made-up 0.</summary>
    public static string FormatCost(decimal? usd) => usd is { } value ? value.ToString("0.#########", CultureInfo.InvariantCulture) : "unknown";
}
