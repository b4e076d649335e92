using System.Globalization;
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
            response.Headers[Provider] = provider;
        }

        if (request.Record.UpstreamModel is { } model)
        {
            response.Headers[Model] = model;
        }

        if (request.Record.Route is { } route)
        {
            response.Headers[Route] = route;
        }

        if (CacheHeaderValue(request.Record.CacheOutcome) is { } cache)
        {
            response.Headers[Cache] = cache;
        }

        if (request.Record.Priced)
        {
            response.Headers[CostUsd] = FormatCost(request.Record.CostUsd);
        }
    }

    /// <summary>hit | miss | semantic-hit | bypass; nothing when no cache stage ran.</summary>
    public static string? CacheHeaderValue(Frugal.Core.Accounting.CacheOutcome outcome) => outcome switch
    {
        Frugal.Core.Accounting.CacheOutcome.Hit => "hit",
        Frugal.Core.Accounting.CacheOutcome.Miss => "miss",
        Frugal.Core.Accounting.CacheOutcome.SemanticHit => "semantic-hit",
        Frugal.Core.Accounting.CacheOutcome.Bypass => "bypass",
        _ => null,
    };

    /// <summary>Dollars with up to nine decimals, or "unknown" when the model has no price — never a made-up 0.</summary>
    public static string FormatCost(decimal? usd) => usd is { } value ? value.ToString("0.#########", CultureInfo.InvariantCulture) : "unknown";
}
