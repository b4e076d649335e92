namespace Frugal.Core.Caching;

/// <summary>Whether a request field takes part in the cache key.</summary>
public enum CacheKeyRole
{
    /// <summary>The field can change the answer: two requests that differ in it never share an entry.</summary>
    Keyed,

    /// <summary>The field does not change the answer (transport, attribution, provider-side storage).</summary>
    Excluded,
}
