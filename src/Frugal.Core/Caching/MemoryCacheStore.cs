namespace Frugal.Core.Caching;

/// <summary>
/// The default backend: entries in process memory, bounded in bytes, least recently used evicted
/// first, expiry read from the injected <see cref="TimeProvider"/>. One lock: every operation is a
/// dictionary lookup plus a list splice, far shorter than anything that could contend on it.
/// </summary>
public sealed class MemoryCacheStore(long maxBytes, TimeProvider time) : ICacheStore
{
    /// <summary>
    /// Bookkeeping per entry (node, item, entry, dictionary slot, array and string headers), counted against the bound.
    /// Measured: 200,000 small entries (53-char key, 70-byte payload) took 404 B each on the GC heap; 160 counted 334.
    /// </summary>
    private const int EntryOverhead = 232;

    /// <summary>How many entries from the cold end a write looks at for expired ones before evicting by recency.</summary>
    public const int ExpiredScanLimit = 64;

    private readonly Dictionary<string, LinkedListNode<Item>> _items = new(StringComparer.Ordinal);
    private readonly LinkedList<Item> _recency = new(); // most recently used first
    private readonly object _gate = new();
    private long _bytes;

    /// <summary>Bytes held now (payloads, keys and overhead).</summary>
    public long SizeBytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public ValueTask<CacheEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_items.TryGetValue(key, out var node))
            {
                return ValueTask.FromResult<CacheEntry?>(null);
            }

            if (node.Value.Entry.ExpiresAt <= now)
            {
                RemoveNode(node);
                return ValueTask.FromResult<CacheEntry?>(null);
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            return ValueTask.FromResult<CacheEntry?>(node.Value.Entry);
        }
    }

    public ValueTask SetAsync(string key, CacheEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(entry);
        var size = SizeOf(key, entry);
        if (size > maxBytes)
        {
            return ValueTask.CompletedTask; // larger than the whole cache: not worth evicting everything for
        }

        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_items.TryGetValue(key, out var existing))
            {
                RemoveNode(existing);
            }

            var node = _recency.AddFirst(new Item(key, entry, size));
            _items[key] = node;
            _bytes += size;
            EvictWhileOver(now);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_items.TryGetValue(key, out var node))
            {
                return ValueTask.FromResult(false);
            }

            RemoveNode(node);
            return ValueTask.FromResult(true);
        }
    }

    /// <summary>
    /// Expired entries near the cold end go first, then the least recently used. The search for expired ones looks
    /// at <see cref="ExpiredScanLimit"/> entries at most: walking the whole list on every write to a full store held
    /// the lock for milliseconds per request (a 600k-entry store answered cache hits with a p99 of 1.6 s). Expired
    /// entries elsewhere are dropped when read, or reach the cold end in time.
    /// </summary>
    private void EvictWhileOver(DateTimeOffset now)
    {
        var node = _recency.Last;
        for (var looked = 0; _bytes > maxBytes && node is not null && looked < ExpiredScanLimit; looked++)
        {
            var previous = node.Previous;
            if (node.Value.Entry.ExpiresAt <= now)
            {
                RemoveNode(node);
            }

            node = previous;
        }

        while (_bytes > maxBytes && _recency.Last is { } coldest)
        {
            RemoveNode(coldest);
        }
    }

    private void RemoveNode(LinkedListNode<Item> node)
    {
        _recency.Remove(node);
        _items.Remove(node.Value.Key);
        _bytes -= node.Value.Size;
    }

    /// <summary>What an entry counts against the bound.</summary>
    public static long SizeOf(string key, CacheEntry entry) => entry.Payload.Length + (key.Length * 2L) + EntryOverhead;

    private sealed record Item(string Key, CacheEntry Entry, long Size);
}
