namespace Frugal.Core.Deferral;

/// <summary>
/// A per-key, team, tag or route rule: <see cref="Defer"/> true defers the key's calls (<c>"defer": "24h"</c>),
/// false refuses a broader rule (<c>"off"</c>), null leaves it to the next rule. <see cref="WebhookUrl"/> is where
/// results of this key's deferred calls are posted when the request names none.
/// </summary>
public sealed record DeferralRule(bool? Defer, Uri? WebhookUrl);
