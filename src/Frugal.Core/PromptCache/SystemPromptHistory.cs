namespace Frugal.Core.PromptCache;

/// <summary>
/// The last system prompt seen per tenant and route, to notice a prompt whose start changes from call to call (a
/// timestamp, a request id, a user name): such a prompt never hits a provider cache past the change. Bounded LRU
/// (<see cref="Capacity"/> entries; each keeps a reference to a prompt string the request already allocated).
/// </summary>
public sealed class SystemPromptHistory
{
    public const int Capacity = 1024;

    private readonly Dictionary<(string Tenant, string Route), LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
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

    /// <summary>
    /// Records <paramref name="systemPrompt"/> for the tenant and route; returns the index of the first character that
    /// differs from the previous one, or -1 when it is the same (or one extends the other, or there was none).
    /// </summary>
    public int Compare(string tenant, string route, string systemPrompt)
    {
        ArgumentNullException.ThrowIfNull(systemPrompt);
        string? previous;
        lock (_lock)
        {
            var key = (tenant, route);
            if (_entries.TryGetValue(key, out var node))
            {
                previous = node.Value.Prompt;
                node.Value.Prompt = systemPrompt;
                _recency.Remove(node);
                _recency.AddFirst(node);
            }
            else
            {
                previous = null;
                if (_entries.Count >= Capacity && _recency.Last is { } oldest)
                {
                    _recency.RemoveLast();
                    _entries.Remove(oldest.Value.Key);
                }

                _entries[key] = _recency.AddFirst(new Entry(key, systemPrompt));
            }
        }

        if (previous is null || ReferenceEquals(previous, systemPrompt))
        {
            return -1;
        }

        var common = previous.AsSpan().CommonPrefixLength(systemPrompt);
        return common < Math.Min(previous.Length, systemPrompt.Length) ? common : -1;
    }

    private sealed class Entry((string Tenant, string Route) key, string prompt)
    {
        public (string Tenant, string Route) Key { get; } = key;

        public string Prompt { get; set; } = prompt;
    }
}
