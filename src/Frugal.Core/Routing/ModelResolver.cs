using Frugal.Core.Configuration;
using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Routing;

/// <summary>
/// Turns the model name a client sent into a target: a configured model first (its name may
/// itself contain '/'), then <c>provider/model</c> split at the first '/'.
/// </summary>
public sealed class ModelResolver(GatewayConfig config)
{
    public RouteTarget? Resolve(string model)
    {
        if (config.Models.TryGetValue(model, out var configured))
        {
            return new RouteTarget(config.Providers[configured.Provider], configured.Name, configured.EffectiveUpstreamModel);
        }

        var slash = model.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && slash < model.Length - 1 && config.Providers.TryGetValue(model[..slash], out var provider))
        {
            return new RouteTarget(provider, model, model[(slash + 1)..]);
        }

        return null;
    }

    /// <summary>The models this gateway serves by name, for <c>GET /v1/models</c>.</summary>
    public ModelList ListModels(long created)
    {
        var list = new ModelList();
        foreach (var model in config.Models.Values.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            list.Data.Add(new ModelInfo { Id = model.Name, OwnedBy = model.Provider, Created = created });
        }

        return list;
    }
}
