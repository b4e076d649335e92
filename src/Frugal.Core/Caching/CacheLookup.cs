namespace Frugal.Core.Caching;

/// <summary>
/// One request's way into one cache, made by a <see cref="CachingStage{TLookup}"/> subclass: the policy's decision and
/// the cache's own key (a canonical key, an embedded query). A subclass may keep what its lookup found on it (the
/// semantic match a hit is linked to).
/// </summary>
public abstract class CacheLookup(CacheDecision decision)
{
    public CacheDecision Decision { get; } = decision;

    /// <summary>The key identical concurrent misses share a flight on (single-flight stages only).</summary>
    public virtual string FlightKey => throw new NotSupportedException("This cache does not use single-flight.");
}
