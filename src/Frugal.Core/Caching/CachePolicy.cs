using Frugal.Core.Pipeline;

namespace Frugal.Core.Caching;

/// <summary>
/// Resolves <see cref="CacheDecision"/>s: the section's settings, then the key's rule (by name, then
/// id), then the requested model's rule, then the request's <c>x-frugal-cache</c> directives.
/// Namespaces keep tenants apart: a key's own id unless config says otherwise (team mode, or an
/// explicit shared namespace on the key), so sharing is never an accident.
/// </summary>
public sealed class CachePolicy(CacheConfig config)
{
    public CacheConfig Config { get; } = config;

    public GatewayResult<CacheDecision> Decide(GatewayRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.TryGetValue(CacheDirectives.HeaderName, out var header);
        var parsed = CacheDirectives.Parse(header);
        if (!parsed.IsSuccess)
        {
            return parsed.Error;
        }

        var directives = parsed.Value;
        var keyRule = KeyRule(request.Tenant);
        Config.Models.TryGetValue(request.RequestedModel, out var modelRule);
        var enabled = modelRule?.Enabled ?? keyRule?.Enabled ?? true;
        var maxTemperature = modelRule?.MaxTemperature ?? keyRule?.MaxTemperature ?? Config.MaxTemperature;
        var chat = request.Chat;
        if (!enabled
            || chat is null
            || chat.Messages is not { Count: > 0 }
            || (chat.Temperature ?? 1.0) > maxTemperature
            || chat.Logprobs == true
            || (directives.NoCache && directives.NoStore))
        {
            return CacheDecision.Bypass;
        }

        var ttl = directives.Ttl ?? modelRule?.Ttl ?? keyRule?.Ttl ?? Config.Ttl;
        return new CacheDecision(true, !directives.NoCache, !directives.NoStore, ttl, Namespace(request.Tenant, keyRule));
    }

    private CacheRule? KeyRule(Tenant tenant)
        => Config.Keys.TryGetValue(tenant.KeyName, out var byName) ? byName
            : Config.Keys.TryGetValue(tenant.KeyId, out var byId) ? byId
            : null;

    private string Namespace(Tenant tenant, CacheRule? keyRule)
        => keyRule?.Namespace is { } shared ? "shared:" + shared
            : Config.NamespaceBy == CacheNamespaceMode.Team && tenant.Team is { Length: > 0 } team ? "team:" + team
            : "key:" + tenant.KeyId;
}
