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

/// <summary>
/// <c>GET /v1/models</c>: the model and route names this gateway serves, as the current configuration names them. A key with allowed models sees only the names it
/// may call: the configured models and routes on its list, plus the <c>provider/model</c> names on its list that resolve
/// to a configured provider (the full list never shows those, since any such name may be asked for). Names on its list
/// that resolve to nothing are left out: a call would fail with model_not_found. No list (and auth mode none): everything.
/// </summary>
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
        var resolver = generation.Generation.Get<ModelResolver>();
        var list = resolver.ListModels(_startedAt);
        foreach (var route in generation.Generation.Get<RouteCatalog>().Routes.Keys.Order(StringComparer.Ordinal))
        {
            list.Data.Add(new ModelInfo { Id = route, OwnedBy = "frugal-route", Created = _startedAt });
        }

        if (tenant.Value.AllowedModels is { } allowed)
        {
            list.Data = Allowed(list.Data, allowed, resolver);
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(list, ProtocolJson.Context.ModelList);
        context.Response.ContentType = "application/json";
        await context.Response.BodyWriter.WriteAsync(json, context.RequestAborted);
    }

    /// <summary>The listed names the key may call, then its allowed <c>provider/model</c> names that resolve (ordinal order).</summary>
    private List<ModelInfo> Allowed(List<ModelInfo> listed, IReadOnlySet<string> allowed, ModelResolver resolver)
    {
        var shown = new List<ModelInfo>(allowed.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in listed)
        {
            if (allowed.Contains(model.Id) && names.Add(model.Id))
            {
                shown.Add(model);
            }
        }

        foreach (var name in allowed.Order(StringComparer.Ordinal))
        {
            if (!names.Contains(name) && resolver.Resolve(name) is { } target)
            {
                shown.Add(new ModelInfo { Id = name, OwnedBy = target.Provider.Name, Created = _startedAt });
            }
        }

        return shown;
    }
}
