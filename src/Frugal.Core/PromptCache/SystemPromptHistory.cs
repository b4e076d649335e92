using System.Runtime.InteropServices;
using System.Text.Json;

namespace Frugal.Core.PromptCache;

/// <summary>
/// The last system prompt seen per tenant and route (its JSON text), to notice a prompt whose start changes from call
/// to call (a timestamp, a request id, a user name): such a prompt never hits a provider cache past the change. An
/// unchanged prompt is compared byte for byte without allocating; a changed one is decoded to find the character.
/// Bounded LRU (<see cref="Capacity"/> entries).
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
    /// Records <paramref name="systemPrompt"/> (a JSON string) for the tenant and route; returns the index of the first
    /// character that differs from the previous one, or -1 when it is the same (or one extends the other, or there was none).
    /// </summary>
    public int Compare(string tenant, string route, JsonElement systemPrompt)
    {
        var raw = JsonMarshal.GetRawUtf8Value(systemPrompt);
        byte[]? previous;
        lock (_lock)
        {
            var key = (tenant, route);
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                previous = node.Value.Json;
                if (raw.SequenceEqual(previous))
                {
                    return -1;
                }

                node.Value.Json = raw.ToArray();
            }
            else
            {
                previous = null;
                if (_entries.Count >= Capacity && _recency.Last is { } oldest)
                {
                    _recency.RemoveLast();
                    _entries.Remove(oldest.Value.Key);
                }

                _entries[key] = _recency.AddFirst(new Entry(key, raw.ToArray()));
            }
        }

        if (previous is null)
        {
            return -1;
        }

        var reader = new Utf8JsonReader(previous);
        reader.Read();
        var before = reader.GetString() ?? string.Empty;
        var now = systemPrompt.GetString() ?? string.Empty;
        var common = before.AsSpan().CommonPrefixLength(now);
        return common < Math.Min(before.Length, now.Length) ? common : -1;
    }

    private sealed class Entry((string Tenant, string Route) key, byte[] json)
    {
        public (string Tenant, string Route) Key { get; } = key;

        public byte[] Json { get; set; } = json;
    }
}
