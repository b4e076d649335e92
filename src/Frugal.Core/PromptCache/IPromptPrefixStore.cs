namespace Frugal.Core.PromptCache;

/// <summary>
/// The learnt reuse of prompt prefixes, keyed by a hash that already includes the tenant (and, for breakpoints, the
/// model). Bounded: an implementation forgets the least recently seen prefixes past its capacity (a forgotten prefix
/// only starts learning again). The memory store serves one process; a store on a shared backend lets replicas learn
/// together. Every operation is one atomic step on one key.
/// </summary>
public interface IPromptPrefixStore
{
    /// <summary>
    /// Records a sighting of <paramref name="key"/> at <paramref name="now"/> and returns the state before it (a
    /// cache window that ended without a read is counted as a wasted write first).
    /// </summary>
    ValueTask<PrefixSnapshot> ObserveAsync(ulong key, DateTimeOffset now);

    /// <summary>The state of <paramref name="key"/> without recording a sighting.</summary>
    ValueTask<PrefixSnapshot> PeekAsync(ulong key);

    /// <summary>A marker was sent for the prefix: a write opens a new cache window, a read extends the live one (providers refresh the TTL on a hit).</summary>
    ValueTask RecordCacheAsync(ulong key, DateTimeOffset now, TimeSpan ttl, bool write);
}
