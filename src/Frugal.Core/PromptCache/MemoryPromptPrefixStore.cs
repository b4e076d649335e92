namespace Frugal.Core.PromptCache;

/// <summary>
/// <see cref="IPromptPrefixStore"/> in this process: a dictionary plus an LRU list under one lock, at most
/// <c>capacity</c> prefixes (about 150 bytes each). Every operation is O(1).
/// </summary>
public sealed class MemoryPromptPrefixStore(int capacity) : IPromptPrefixStore
{
    /// <summary>Sightings this close together count as steady reuse (they would read a 5-minute entry).</summary>
    public static readonly TimeSpan ShortInterval = TimeSpan.FromSeconds(270);

    private readonly Dictionary<ulong, LinkedListNode<PrefixState>> _entries = new(Math.Min(capacity, 4096));
    private readonly LinkedList<PrefixState> _recency = new();
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public ValueTask<PrefixSnapshot> ObserveAsync(ulong key, DateTimeOffset now)
    {
        lock (_lock)
        {
            var state = Touch(key, create: true)!;
            var before = state.Observe(now);
            return ValueTask.FromResult(before);
        }
    }

    public ValueTask<PrefixSnapshot> PeekAsync(ulong key)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(Touch(key, create: false)?.Snapshot() ?? default);
        }
    }

    public ValueTask RecordCacheAsync(ulong key, DateTimeOffset now, TimeSpan ttl, bool write)
    {
        lock (_lock)
        {
            Touch(key, create: true)!.RecordCache(now, ttl, write);
        }

        return ValueTask.CompletedTask;
    }

    private PrefixState? Touch(ulong key, bool create)
    {
        if (_entries.TryGetValue(key, out var node))
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value;
        }

        if (!create)
        {
            return null;
        }

        if (_entries.Count >= capacity && _recency.Last is { } oldest)
        {
            _recency.RemoveLast();
            _entries.Remove(oldest.Value.Key);
        }

        node = _recency.AddFirst(new PrefixState(key));
        _entries[key] = node;
        return node.Value;
    }
}
