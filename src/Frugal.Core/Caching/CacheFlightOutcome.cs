using Frugal.Core.Pipeline;

namespace Frugal.Core.Caching;

/// <summary>How a <see cref="CacheFlight"/> ended: <see cref="Answer"/> on success; otherwise the leader's <see cref="Error"/> (null when it was cancelled or threw).</summary>
public sealed record CacheFlightOutcome(CachedAnswer? Answer, GatewayError? Error, bool PassThrough = false)
{
    public static CacheFlightOutcome Abandoned { get; } = new(null, null);

    public static CacheFlightOutcome GoAhead { get; } = new(null, null, PassThrough: true);
}
