using Frugal.Core.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Frugal.Server.Http;

/// <summary>The x-frugal-* response headers that tell a client what the gateway did.</summary>
public static class FrugalHeaders
{
    public const string RequestId = "x-frugal-request-id";
    public const string Provider = "x-frugal-provider";
    public const string Model = "x-frugal-model";

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
    }
}
