namespace Frugal.Core.Caching;

/// <summary>
/// The default backend: entries in process memory, bounded in bytes, least recently used evicted
/// first, expiry read from the injected <see cref="TimeProvider"/>. One lock: every operation is a
/// dictionary lookup plus a list splice, far shorter than anything that could contend on it.
/// </summary>
public sealed class MemoryCacheStore(long maxBytes, TimeProvider time) : ICacheStore
{
    /// <summary>Bookkeeping per entry (node, dictionary slot, strings' headers), counted against the bound.</summary>
    private const int EntryOverhead = 160;

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

    /// <summary>Expired entries go first (from the cold end), then the least recently used.</summary>
    private void EvictWhileOver(DateTimeOffset now)
    {
        var node = _recency.Last;
        while (_bytes > maxBytes && node is not null)
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

    private static long SizeOf(string key, CacheEntry entry) => entry.Payload.Length + (key.Length * 2L) + EntryOverhead;

    private sealed record Item(string Key, CacheEntry Entry, long Size);
}
