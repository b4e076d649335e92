using Frugal.Core.Pipeline;

namespace Frugal.Core.Deferral;

/// <summary>
/// Decides whether a call is deferred: the <c>x-frugal-defer</c> header first (<c>24h</c>, or <c>off</c>/<c>none</c>
/// to refuse every rule), then the first rule that says defer or off, in this order: route/model (the name the client
/// sent), key (name, then id), team, the key's tags (in the key's order). The webhook is the
/// <c>x-frugal-defer-webhook</c> header, else the first of those rules that names one. A bad header value is a 400.
/// </summary>
public sealed class DeferralPolicy(DeferralConfig config)
{
    public const string HeaderName = "x-frugal-defer";
    public const string WebhookHeaderName = "x-frugal-defer-webhook";

    public DeferralConfig Config { get; } = config;

    public GatewayResult<DeferralDecision> Decide(GatewayRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        bool? defer = null;
        if (request.Headers.TryGetValue(HeaderName, out var header))
        {
            if (!DeferralDirective.TryParse(header, out var parsed))
            {
                return GatewayError.InvalidRequest($"Invalid {HeaderName} value: use {DeferralDirective.Accepted}.", HeaderName, "invalid_defer_directive");
            }

            defer = parsed;
        }

        Uri? webhook = null;
        if (request.Headers.TryGetValue(WebhookHeaderName, out var url))
        {
            if (!WebhookTarget.TryParse(url, out webhook, out var problem))
            {
                return GatewayError.InvalidRequest($"Invalid {WebhookHeaderName} value: it {problem}.", WebhookHeaderName, "invalid_defer_webhook");
            }
        }

        var tenant = request.Tenant;
        Apply(Config.Routes, request.RequestedModel, ref defer, ref webhook);
        if (!Apply(Config.Keys, tenant.KeyName, ref defer, ref webhook))
        {
            Apply(Config.Keys, tenant.KeyId, ref defer, ref webhook);
        }

        if (tenant.Team is { } team)
        {
            Apply(Config.Teams, team, ref defer, ref webhook);
        }

        for (var i = 0; i < tenant.Tags.Count && Config.Tags.Count > 0; i++)
        {
            Apply(Config.Tags, tenant.Tags[i], ref defer, ref webhook);
        }

        if (defer != true)
        {
            return webhook is not null && request.Headers.ContainsKey(WebhookHeaderName) && defer is null
                ? GatewayError.InvalidRequest($"{WebhookHeaderName} needs a deferred call: send {HeaderName}: 24h too.", WebhookHeaderName, "invalid_defer_webhook")
                : DeferralDecision.Now;
        }

        return new DeferralDecision(true, webhook);
    }

    /// <summary>Fills what is still open from the rule under <paramref name="name"/>; true when there was a rule.</summary>
    private static bool Apply(IReadOnlyDictionary<string, DeferralRule> rules, string name, ref bool? defer, ref Uri? webhook)
    {
        if (rules.Count == 0 || !rules.TryGetValue(name, out var rule))
        {
            return false;
        }

        defer ??= rule.Defer;
        webhook ??= rule.WebhookUrl;
        return true;
    }
}
