namespace Frugal.Core.Caching;

/// <summary>What the caches may do for one request, resolved from config rules and the request's directives.</summary>
public sealed record CacheDecision(bool Cacheable, bool Read, bool Write, TimeSpan Ttl, string Namespace)
{
    public static CacheDecision Bypass { get; } = new(false, false, false, TimeSpan.Zero, string.Empty);
}
