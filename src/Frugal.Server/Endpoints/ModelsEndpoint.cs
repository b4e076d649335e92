using System.Text.Json;
using Frugal.Core.Admission;
using Frugal.Core.Configuration.Live;
using Frugal.Core.Routing;
using Frugal.Core.Routing.Routes;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;
using Frugal.Server.Http;
using Microsoft.AspNetCore.Http;

namespace Frugal.Server.Endpoints;

/// <summary><c>GET /v1/models</c>: the model names this gateway serves, as the current configuration names them.</summary>
public sealed class ModelsEndpoint(ConfigGenerations generations, KeyAuthenticator authenticator, TimeProvider time)
{
    private readonly long _startedAt = time.GetUtcNow().ToUnixTimeSeconds();

    public async Task HandleAsync(HttpContext context)
    {
        context.Response.Headers[FrugalHeaders.RequestId] = RequestIds.Of(context);
        var tenant = await authenticator.AuthenticateAsync(context.Request.Headers.Authorization, context.RequestAborted);
        if (!tenant.IsSuccess)
        {
            await ErrorResponses.WriteAsync(context, tenant.Error);
            return;
        }

        using var generation = generations.Enter();
        var list = generation.Generation.Get<ModelResolver>().ListModels(_startedAt);
        foreach (var route in generation.Generation.Get<RouteCatalog>().Routes.Keys.Order(StringComparer.Ordinal))
        {
            list.Data.Add(new ModelInfo { Id = route, OwnedBy = "frugal-route", Created = _startedAt });
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(list, ProtocolJson.Context.ModelList);
        context.Response.ContentType = "application/json";
        await context.Response.BodyWriter.WriteAsync(json, context.RequestAborted);
    }
}
