using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace Frugal.MockUpstream;

/// <summary>
/// Provider prompt caching, faithful enough to test a gateway that shapes requests for it (on when
/// <see cref="MockUpstreamOptions.SimulatePromptCaching"/> is set; a <c>[[cached:N]]</c>/<c>[[cache-write:N]]</c>
/// directive still wins). Time is <see cref="MockUpstreamOptions.Time"/>, so tests expire entries on a fake clock.
/// <list type="bullet">
/// <item>Anthropic: only prefixes ending at a <c>cache_control</c> block are cached (tools → system → messages), only
///   when the prefix reaches the model's minimum (1,024; 2,048 for Haiku 3/3.5; 4,096 for Opus 4.5 and Haiku 4.5),
///   for the marker's TTL (5m default, 1h), refreshed on a hit. A marker reads the longest live prefix ending at it or
///   up to 20 blocks before it; the tokens after the read up to the last marker are written, per marker TTL.</item>
/// <item>OpenAI: automatic for prompts of 1,024+ tokens: the longest previously seen prefix in 128-token steps is
///   cached (per model and <c>prompt_cache_key</c>); entries live 10 minutes, 24 hours with
///   <c>prompt_cache_retention: "24h"</c>.</item>
/// </list>
/// </summary>
internal sealed class PromptCacheSimulator
{
    private const int MaxEntries = 200_000;
    private const int Lookback = 20;
    private const int OpenAiMinimum = 1024;
    private const int OpenAiStep = 128;
    private static readonly TimeSpan OpenAiRetention = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan OpenAiExtendedRetention = TimeSpan.FromHours(24);

    private readonly MockUpstreamOptions _options;
    private readonly ConcurrentDictionary<(string Space, ulong Hash), DateTimeOffset> _entries = new();

    public PromptCacheSimulator(MockUpstreamOptions options) => _options = options;

    public static int AnthropicMinimum(string model)
        => model.Contains("opus-4-5", StringComparison.Ordinal) || model.Contains("opus-4-6", StringComparison.Ordinal) || model.Contains("haiku-4-5", StringComparison.Ordinal) ? 4096
            : model.Contains("haiku", StringComparison.Ordinal) ? 2048
            : 1024;

    public void Clear() => _entries.Clear();

    public SimulatedCache? Anthropic(JsonElement root, string model, int promptTokens)
    {
        if (!_options.SimulatePromptCaching)
        {
            return null;
        }

        var blocks = AnthropicBlocks(root);
        var now = _options.Time.GetUtcNow();
        var minimum = AnthropicMinimum(model);
        var space = "anthropic:" + model;

        var readAt = -1;
        var lastMarker = -1;
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i].Ttl is null)
            {
                continue;
            }

            lastMarker = i;
            for (var p = i; p >= Math.Max(0, i - Lookback); p--)
            {
                if (p > readAt && Live(space, blocks[p].Hash, now))
                {
                    readAt = p;
                    break;
                }
            }
        }

        if (lastMarker < 0)
        {
            return new SimulatedCache(0, 0, 0);
        }

        var read = readAt >= 0 ? blocks[readAt].Tokens : 0;
        if (readAt >= 0)
        {
            Store(space, blocks[readAt].Hash, now + (blocks[readAt].Ttl ?? TimeSpan.FromMinutes(5)));
        }

        // Each marker beyond the read writes the tokens since the previous cached point, at its own TTL.
        int write5m = 0, write1h = 0, cachedUpTo = read;
        for (var i = Math.Max(0, readAt + 1); i <= lastMarker; i++)
        {
            if (blocks[i].Ttl is not { } ttl || blocks[i].Tokens < minimum)
            {
                continue;
            }

            var added = Math.Max(0, blocks[i].Tokens - cachedUpTo);
            if (ttl >= TimeSpan.FromHours(1))
            {
                write1h += added;
            }
            else
            {
                write5m += added;
            }

            cachedUpTo = blocks[i].Tokens;
            Store(space, blocks[i].Hash, now + ttl);
        }

        read = Math.Min(read, promptTokens);
        write1h = Math.Min(write1h, promptTokens - read);
        write5m = Math.Min(write5m, promptTokens - read - write1h);
        return new SimulatedCache(read, write5m + write1h, write1h);
    }

    public int? OpenAi(JsonElement root, string model, int promptTokens)
    {
        if (!_options.SimulatePromptCaching)
        {
            return null;
        }

        var text = new StringBuilder();
        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            text.Append(tools.GetRawText());
        }

        if (root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in messages.EnumerateArray())
            {
                text.Append('\n').Append(JsonRead.String(message, "role")).Append(": ");
                var content = JsonRead.Property(message, "content");
                text.Append(content.ValueKind == JsonValueKind.String ? content.GetString() : content.ValueKind == JsonValueKind.Undefined ? string.Empty : content.GetRawText());
            }
        }

        var tokens = TokenCounter.Encode(text.ToString());
        var length = Math.Min(tokens.Count, promptTokens);
        if (length < OpenAiMinimum)
        {
            return 0;
        }

        var key = JsonRead.String(root, "prompt_cache_key") ?? string.Empty;
        var retention = JsonRead.String(root, "prompt_cache_retention") == "24h" ? OpenAiExtendedRetention : OpenAiRetention;
        var space = "openai:" + model + ":" + key;
        var now = _options.Time.GetUtcNow();
        var hash = 14695981039346656037UL;
        var cached = 0;
        var seen = new List<ulong>();
        for (var i = 0; i < length; i++)
        {
            hash = (hash ^ (ulong)tokens[i].Id) * 1099511628211UL;
            var end = i + 1;
            if (end >= OpenAiMinimum && (end - OpenAiMinimum) % OpenAiStep == 0)
            {
                seen.Add(hash);
                if (Live(space, hash, now))
                {
                    cached = end;
                }
            }
        }

        foreach (var prefix in seen)
        {
            Store(space, prefix, now + retention);
        }

        return cached;
    }

    private bool Live(string space, ulong hash, DateTimeOffset now)
        => _entries.TryGetValue((space, hash), out var until) && now <= until;

    private void Store(string space, ulong hash, DateTimeOffset until)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear(); // a mock: forgetting everything at the bound is simpler than LRU and still bounded
        }

        _entries[(space, hash)] = until;
    }

    /// <summary>Every cacheable block in prompt order with the cumulative token count and prefix hash through it.</summary>
    private static List<Block> AnthropicBlocks(JsonElement root)
    {
        var blocks = new List<Block>();
        var hash = 14695981039346656037UL;
        var tokens = 3;
        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            foreach (var tool in tools.EnumerateArray())
            {
                var raw = WithoutMarker(tool);
                hash = Hash(hash, raw);
                tokens += TokenCounter.Count(raw);
                blocks.Add(new Block(hash, tokens, Ttl(tool)));
            }
        }

        var system = JsonRead.Property(root, "system");
        if (system.ValueKind == JsonValueKind.String)
        {
            hash = Hash(hash, "system:" + system.GetString());
            tokens += TokenCounter.Count(system.GetString() ?? string.Empty) + 3;
        }
        else if (system.ValueKind == JsonValueKind.Array)
        {
            tokens += 3;
            AddBlocks(system, blocks, ref hash, ref tokens);
        }

        if (root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in messages.EnumerateArray())
            {
                hash = Hash(hash, "role:" + JsonRead.String(message, "role"));
                tokens += 3;
                var content = JsonRead.Property(message, "content");
                if (content.ValueKind == JsonValueKind.String)
                {
                    hash = Hash(hash, content.GetString() ?? string.Empty);
                    tokens += TokenCounter.Count(content.GetString() ?? string.Empty);
                }
                else if (content.ValueKind == JsonValueKind.Array)
                {
                    AddBlocks(content, blocks, ref hash, ref tokens);
                }
            }
        }

        return blocks;
    }

    private static void AddBlocks(JsonElement content, List<Block> blocks, ref ulong hash, ref int tokens)
    {
        foreach (var block in content.EnumerateArray())
        {
            var raw = WithoutMarker(block);
            hash = Hash(hash, raw);
            tokens += JsonRead.String(block, "type") switch
            {
                "text" => TokenCounter.Count(JsonRead.String(block, "text") ?? string.Empty),
                "image" => OpenAiChatParser.ImageTokens,
                "tool_result" => TokenCounter.Count(JsonRead.Property(block, "content") is { ValueKind: JsonValueKind.String } s ? s.GetString() ?? string.Empty : raw),
                _ => TokenCounter.Count(raw),
            };
            blocks.Add(new Block(hash, tokens, Ttl(block)));
        }
    }

    private static TimeSpan? Ttl(JsonElement block)
        => block.ValueKind == JsonValueKind.Object && block.TryGetProperty("cache_control", out var marker) && marker.ValueKind == JsonValueKind.Object
            ? JsonRead.String(marker, "ttl") == "1h" ? TimeSpan.FromHours(1) : TimeSpan.FromMinutes(5)
            : null;

    private static string WithoutMarker(JsonElement block)
    {
        if (block.ValueKind != JsonValueKind.Object)
        {
            return block.GetRawText();
        }

        var text = new StringBuilder();
        foreach (var property in block.EnumerateObject())
        {
            if (!property.NameEquals("cache_control"))
            {
                text.Append(property.Name).Append('=').Append(property.Value.GetRawText()).Append(';');
            }
        }

        return text.ToString();
    }

    private static ulong Hash(ulong hash, string text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (hash ^ 0xFF) * 1099511628211UL;
    }

    private readonly record struct Block(ulong Hash, int Tokens, TimeSpan? Ttl);
}
