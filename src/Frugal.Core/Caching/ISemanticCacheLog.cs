namespace Frugal.Core.Caching;

/// <summary>
/// The persisted side of the semantic cache, as an append-only log of events. Each gateway
/// process keeps its vector index in memory and replays the log into it: everything at start
/// (restart persistence) and then whatever was appended since its cursor (so entries added or
/// evicted by another process sharing a Redis backend become visible here too). The answer
/// payloads themselves live in the <see cref="ICacheStore"/> under <see cref="SemanticCacheEvent.EntryKey"/>.
/// </summary>
public interface ISemanticCacheLog
{
    ValueTask AppendAsync(SemanticCacheEvent cacheEvent, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="max"/> events appended after <paramref name="cursor"/> (null: from the
    /// beginning), in append order, and the cursor to pass next time.
    /// </summary>
    ValueTask<SemanticCacheEventBatch> ReadSinceAsync(string? cursor, int max, CancellationToken cancellationToken);

    /// <summary>Drops events about entries that expired before <paramref name="now"/> (housekeeping; optional to call).</summary>
    ValueTask CompactAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
