using System.Globalization;
using Frugal.Core.Pipeline;

namespace Frugal.Core.Caching;

/// <summary>
/// The per-request <c>x-frugal-cache</c> header: <c>no-cache</c> (do not read), <c>no-store</c>
/// (do not write), <c>ttl=SECONDS</c> (keep this answer that long), comma-separated.
/// </summary>
public sealed record CacheDirectives(bool NoCache, bool NoStore, TimeSpan? Ttl)
{
    public const string HeaderName = "x-frugal-cache";

    public static CacheDirectives None { get; } = new(false, false, null);

    /// <summary>Parses the header; an unknown directive or a bad ttl is an OpenAI-shaped 400 that names the header.</summary>
    public static GatewayResult<CacheDirectives> Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return None;
        }

        bool noCache = false, noStore = false;
        TimeSpan? ttl = null;
        foreach (var raw in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var directive = raw.ToLowerInvariant();
            if (directive == "no-cache")
            {
                noCache = true;
            }
            else if (directive == "no-store")
            {
                noStore = true;
            }
            else if (directive.StartsWith("ttl=", StringComparison.Ordinal)
                && long.TryParse(directive.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                && seconds is > 0 and <= 365L * 24 * 3600)
            {
                ttl = TimeSpan.FromSeconds(seconds);
            }
            else
            {
                return GatewayError.InvalidRequest(
                    $"Invalid {HeaderName} directive '{raw}': use no-cache, no-store or ttl=SECONDS (1 to 31536000), comma-separated.",
                    HeaderName, "invalid_cache_directive");
            }
        }

        return new CacheDirectives(noCache, noStore, ttl);
    }
}
