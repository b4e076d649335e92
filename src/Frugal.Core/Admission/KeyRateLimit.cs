namespace Frugal.Core.Admission;

/// <summary>
/// A per-key rate limit as a key is created or updated with it (<c>"rate_limit"</c> in /admin/keys, <c>--rpm/--tpm/
/// --max-output-tokens</c> in <c>frugal keys</c>): requests and tokens per fixed UTC minute and the most output tokens one
/// call may produce. Null fields are not limited; at least one is set. Stored as a run-time rule of the key's id and
/// enforced like a <c>budgets.rateLimits</c> rule, beside any config rule of the same key (both apply: the tightest wins).
/// </summary>
public sealed record KeyRateLimit(long? RequestsPerMinute, long? TokensPerMinute, long? MaxOutputTokens)
{
    // The caps of budgets.rateLimits in frugal.json (BudgetsConfigReader), so a key rule is no looser to write than a config one.
    public const long MaxRequestsPerMinute = 100_000_000;
    public const long MaxTokensPerMinute = 10_000_000_000;
    public const long MaxOutputTokensCap = 10_000_000;
}
