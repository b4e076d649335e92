using System.Runtime.InteropServices;
using System.Text.Json;
using Frugal.Protocol.OpenAI;

namespace Frugal.Core.PromptCache;

/// <summary>
/// Where a chat prompt's cacheable prefixes end, in the order providers cache them (tools, then the leading system
/// messages, then the turns): a running hash and an estimated token count after the stable part and after every
/// message. Computed once per request from the client's body (every attempt reuses it). Tokens are estimated at four
/// bytes of the JSON text per token: an over-estimate only risks a marker below the provider's minimum, which the
/// provider ignores and does not bill.
/// </summary>
public sealed class PromptShape
{
    private const int BytesPerToken = 4;

    /// <summary>The per-message overhead OpenAI and Anthropic both bill (role and separators), in tokens.</summary>
    private const int MessageOverheadTokens = 3;

    private PromptShape(int messageCount) => MessageHashes = new ulong[messageCount];

    /// <summary>How many leading messages are system/developer messages (the stable prompt).</summary>
    public int StableEnd { get; private set; }

    /// <summary>Hash of the tools and the leading system messages; 0 when there are neither.</summary>
    public ulong StableHash { get; private set; }

    /// <summary>Estimated tokens of the tools and the leading system messages.</summary>
    public int StableTokens { get; private set; }

    public int ToolCount { get; private set; }

    /// <summary><c>MessageHashes[i]</c>: hash of everything up to and including message i.</summary>
    public ulong[] MessageHashes { get; }

    /// <summary>Estimated tokens of the whole prompt.</summary>
    public int TotalTokens { get; private set; }

    /// <summary>The stable part plus the first turn: one conversation's identity (its later calls share it).</summary>
    public ulong ConversationHash { get; private set; }

    /// <summary><c>cache_control</c> markers the client put on content parts, messages or tools.</summary>
    public int ClientMarkers { get; private set; }

    /// <summary>The first system message's string content (valid while the request is), for noticing a system prompt that changes from call to call.</summary>
    public JsonElement? FirstSystemContent { get; private set; }

    public int MessageCount => MessageHashes.Length;

    public static PromptShape Of(ChatCompletionRequest chat, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var messages = chat.Messages;
        var count = messages?.Count ?? 0;
        var hasher = new PrefixHasher(seed);
        long bytes = 0;
        var markers = 0;
        var tools = chat.Tools;
        if (tools is not null)
        {
            foreach (var tool in tools)
            {
                bytes += AddTool(ref hasher, tool, ref markers);
            }
        }

        var stableEnd = 0;
        while (stableEnd < count && messages![stableEnd]?.Role is "system" or "developer")
        {
            stableEnd++;
        }

        var shape = new PromptShape(count);
        long tokens;
        ulong stableHash = 0;
        long stableTokens = 0;
        JsonElement? firstSystem = null;
        if (stableEnd == 0)
        {
            stableTokens = bytes / BytesPerToken;
            stableHash = tools is { Count: > 0 } ? hasher.Current : 0;
        }

        tokens = bytes / BytesPerToken;
        ulong conversation = 0;
        for (var i = 0; i < count; i++)
        {
            var message = messages![i];
            var messageBytes = AddMessage(ref hasher, message, ref markers);
            tokens += (messageBytes / BytesPerToken) + MessageOverheadTokens;
            shape.MessageHashes[i] = hasher.Current;
            if (i == 0 && stableEnd > 0 && message?.Content is { ValueKind: JsonValueKind.String } text)
            {
                firstSystem = text;
            }

            if (i == stableEnd - 1)
            {
                stableHash = shape.MessageHashes[i];
                stableTokens = tokens;
            }

            if (i == stableEnd)
            {
                conversation = shape.MessageHashes[i];
            }
        }

        shape.StableEnd = stableEnd;
        shape.StableHash = stableHash;
        shape.StableTokens = (int)Math.Min(int.MaxValue, stableTokens);
        shape.ToolCount = tools?.Count ?? 0;
        shape.TotalTokens = (int)Math.Min(int.MaxValue, tokens);
        shape.ConversationHash = conversation;
        shape.ClientMarkers = markers;
        shape.FirstSystemContent = firstSystem;
        return shape;
    }

    private static long AddTool(ref PrefixHasher hasher, ChatTool? tool, ref int markers)
    {
        hasher.Mark(1);
        if (tool is null)
        {
            return 0;
        }

        long bytes = 0;
        if (tool.Extra?.ContainsKey(PromptCacheMarkers.CacheControl) == true)
        {
            markers++;
        }

        if (tool.Function is { } function)
        {
            bytes += AddText(ref hasher, function.Name);
            bytes += AddText(ref hasher, function.Description);
            if (function.Parameters is { } parameters)
            {
                bytes += AddJson(ref hasher, parameters);
            }
        }

        return bytes;
    }

    private static long AddMessage(ref PrefixHasher hasher, ChatMessage? message, ref int markers)
    {
        hasher.Mark(2);
        if (message is null)
        {
            return 0;
        }

        var bytes = AddText(ref hasher, message.Role);
        if (message.Extra?.ContainsKey(PromptCacheMarkers.CacheControl) == true)
        {
            markers++;
        }

        if (message.Content is { } content)
        {
            bytes += AddJson(ref hasher, content);
            markers += PromptCacheMarkers.CountInContent(content);
        }

        bytes += AddText(ref hasher, message.Name) + AddText(ref hasher, message.ToolCallId);
        if (message.ToolCalls is { } calls)
        {
            foreach (var call in calls)
            {
                bytes += AddText(ref hasher, call?.Id) + AddText(ref hasher, call?.Function?.Name) + AddText(ref hasher, call?.Function?.Arguments);
            }
        }

        return bytes;
    }

    private static long AddText(ref PrefixHasher hasher, string? text)
    {
        hasher.Mark(3);
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        hasher.Add(text.AsSpan());
        return text.Length;
    }

    private static long AddJson(ref PrefixHasher hasher, JsonElement element)
    {
        hasher.Mark(4);
        if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return 0;
        }

        var raw = JsonMarshal.GetRawUtf8Value(element);
        hasher.Add(raw);
        return raw.Length;
    }
}
