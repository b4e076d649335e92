using System.Globalization;
using Frugal.Core.Accounting;
using Frugal.Core.Caching;
using Frugal.Core.Compression;
using Frugal.Core.Dispatch;
using Frugal.Core.Pipeline;
using Frugal.Core.Routing;
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
    public const string Compression = "x-frugal-compression";

    public static void Apply(HttpResponse response, GatewayRequest request)
    {
        var features = request.Features;
        var upstream = features.Get<UpstreamCallFeature>();
        var cache = features.Get<CacheFeature>();
        if (upstream?.Provider is { } provider)
        {
            response.Headers[Provider] = AsciiHeaderValue.Of(provider); // names may come from the client (provider/模型)
        }

        if ((cache is { IsHit: true } ? cache.UpstreamModel : upstream?.UpstreamModel) is { } model)
        {
            response.Headers[Model] = AsciiHeaderValue.Of(model);
        }

        if (features.Get<RoutingFeature>()?.RouteHeader is { } route)
        {
            response.Headers[Route] = route; // already ASCII: RouteHeader encodes it with AsciiHeaderValue
        }

        if (cache is not null && cache.Outcome != CacheOutcome.None) // no header when no cache stage ran
        {
            response.Headers[Cache] = CacheOutcomeNames.Of(cache.Outcome);
        }

        if (features.Get<Core.PromptCache.PromptCacheFeature>()?.HeaderValue() is { } promptCache)
        {
            response.Headers[Core.PromptCache.PromptCacheFeature.HeaderName] = promptCache; // ASCII by construction
        }

        if (features.Get<CompressionFeature>() is { } compression)
        {
            response.Headers[Compression] = compression.HeaderValue; // "before->after", digits only
        }

        if (features.Get<PricingFeature>() is { Priced: true } pricing)
        {
            response.Headers[CostUsd] = FormatCost(pricing.CostUsd);
        }
    }

    /// <summary>Dollars with up to nine decimals, or "unknown" when the model has no price — never a made-up 0.</summary>
    public static string FormatCost(decimal? usd) => usd is { } value ? value.ToString("0.#########", CultureInfo.InvariantCulture) : "unknown";
}
