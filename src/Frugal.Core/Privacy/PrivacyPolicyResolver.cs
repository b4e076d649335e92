using Frugal.Core.Pipeline;
using Frugal.Core.Routing;
using Frugal.Core.Routing.Routes;

namespace Frugal.Core.Privacy;

/// <summary>
/// The policy of one request: the section's own (<c>mode</c>, <c>entities</c>), then the providers the request may
/// reach (all candidates of a route; the strictest of them wins, so <c>"off"</c> for a local provider applies only
/// when every model it could go to is local), then the route or model the client named, then its key (by key name,
/// else id). Privacy runs before routing, so "may reach" is decided from config, not from the attempt.
/// </summary>
public sealed class PrivacyPolicyResolver(PrivacyConfig config, ModelResolver models, RouteCatalog routes)
{
    private readonly PrivacyPolicy _base = new(config.Mode, config.Entities);
    private readonly bool _hasRules = config.Providers.Count + config.Routes.Count + config.Keys.Count > 0;

    public PrivacyPolicy Resolve(GatewayRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Resolve(request.Tenant, request.RequestedModel);
    }

    /// <summary>The policy a call of <paramref name="tenant"/> naming <paramref name="requestedModel"/> gets (batch jobs check their lines with it).</summary>
    public PrivacyPolicy Resolve(Tenant tenant, string requestedModel)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(requestedModel);
        if (!_hasRules)
        {
            return _base;
        }

        var policy = config.Providers.Count == 0 ? _base : ForProviders(requestedModel);
        policy = policy.With(config.Routes.GetValueOrDefault(requestedModel));
        return policy.With(config.Keys.GetValueOrDefault(tenant.KeyName) ?? config.Keys.GetValueOrDefault(tenant.KeyId));
    }

    private PrivacyPolicy ForProviders(string requestedModel)
    {
        if (routes.TryGet(requestedModel, out var route))
        {
            PrivacyPolicy? strictest = null;
            foreach (var model in RouteCatalog.ModelsOf(route))
            {
                var candidate = ForModel(model);
                strictest = strictest is null ? candidate : strictest.Strictest(candidate);
            }

            return strictest ?? _base;
        }

        return ForModel(requestedModel);
    }

    private PrivacyPolicy ForModel(string model)
        => models.Resolve(model) is { } target ? _base.With(config.Providers.GetValueOrDefault(target.Provider.Name)) : _base;
}
