namespace Frugal.Core.Caching;

/// <summary>Which callers share cache entries by default (config <c>cache.namespace</c>).</summary>
public enum CacheNamespaceMode
{
    /// <summary>Each virtual key has its own entries (the default: tenants never see each other's answers).</summary>
    Key,

    /// <summary>Keys of the same team share entries; keys without a team keep their own.</summary>
    Team,
}
