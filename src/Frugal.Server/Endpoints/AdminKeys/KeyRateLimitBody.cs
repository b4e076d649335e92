namespace Frugal.Server.Endpoints.AdminKeys;

/// <summary>
/// A per-key rate limit in a create or update body: <c>{"requests_per_minute": 60, "tokens_per_minute": 100000,
/// "max_output_tokens": 1024}</c>, each optional (at least one given), and also how a key shows it. In a PATCH,
/// <c>"rate_limit": null</c> removes the key's limit and an object replaces it whole.
/// </summary>
public sealed class KeyRateLimitBody
{
    public long? RequestsPerMinute { get; set; }

    public long? TokensPerMinute { get; set; }

    public long? MaxOutputTokens { get; set; }
}
