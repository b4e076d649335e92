using System.Security.Cryptography;
using System.Text;
using Frugal.Core.Configuration;
using Frugal.Core.Pipeline;
using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Routing.Routes;

/// <summary>
/// Remembers which model each conversation of a sticky route was answered by, so later turns go to
/// the same model and its provider-side prompt cache stays warm. In memory, bounded: at most
/// <c>routing.sticky.maxConversations</c> entries (the least recently used is forgotten first), and one idle longer
/// than <c>routing.sticky.ttlMinutes</c> is forgotten (when read, and from the idle end at every write). Each entry is
/// small and of fixed size: the key is the route name plus a SHA-256, however long the client's header was.
/// </summary>
public sealed class StickySessions(GatewayConfig config, TimeProvider time)
{
    public const string ConversationHeader = "x-frugal-conversation";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _index = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private readonly int _capacity = config.Routing.StickyCapacity;
    private readonly TimeSpan _ttl = config.Routing.StickyTtl;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _index.Count;
            }
        }
    }

    /// <summary>
    /// The conversation key: a hash of the <c>x-frugal-conversation</c> header when the client sends one, else a
    /// hash of the system prompt and the first user message (the same in every turn of a conversation). Hashed so
    /// an entry's size does not depend on client text (a header may be tens of kilobytes).
    /// </summary>
    public static string Key(string route, GatewayRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.TryGetValue(ConversationHeader, out var given) && !string.IsNullOrWhiteSpace(given))
        {
            return route + "\n h:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(given.Trim())));
        }

        var chat = request.Chat ?? new ChatCompletionRequest();
        var text = (PromptView.SystemPrompt(chat) ?? string.Empty) + "\u0000" + PromptView.FirstUserMessage(chat);
        return route + "\n p:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    public string? Get(string key)
    {
        lock (_gate)
        {
            if (!_index.TryGetValue(key, out var node))
            {
                return null;
            }

            if (time.GetElapsedTime(node.Value.LastUsed) > _ttl)
            {
                _recency.Remove(node);
                _index.Remove(key);
                return null;
            }

            node.Value = node.Value with { LastUsed = time.GetTimestamp() };
            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value.Model;
        }
    }

    public void Set(string key, string model)
    {
        lock (_gate)
        {
            ForgetIdle();
            if (_index.TryGetValue(key, out var existing))
            {
                _recency.Remove(existing);
            }
            else if (_index.Count >= _capacity && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _index.Remove(oldest.Value.Key);
            }

            var node = _recency.AddFirst(new Entry(key, model, time.GetTimestamp()));
            _index[key] = node;
        }
    }

    /// <summary>The recency list is ordered by last use, so the idle entries are all at its end.</summary>
    private void ForgetIdle()
    {
        while (_recency.Last is { } oldest && time.GetElapsedTime(oldest.Value.LastUsed) > _ttl)
        {
            _recency.RemoveLast();
            _index.Remove(oldest.Value.Key);
        }
    }

    private sealed record Entry(string Key, string Model, long LastUsed);
}
