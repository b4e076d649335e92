namespace Frugal.Core.Accounting;

/// <summary>What the gateway's caches did for a request; <c>None</c> until a cache stage exists or runs.</summary>
public enum CacheOutcome
{
    None,
    Miss,
    Hit,
    SemanticHit,
    Bypass,
}
