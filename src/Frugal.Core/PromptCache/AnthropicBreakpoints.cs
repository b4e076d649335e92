using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Frugal.Protocol.OpenAI;

namespace Frugal.Core.PromptCache;

/// <summary>
/// Puts <c>cache_control</c> markers on an attempt's copy of the request in the OpenAI form the Anthropic adapter
/// carries over: on the last content part of a message (a string content becomes one text part), or on a tool. The
/// client's request is never changed.
/// </summary>
public static class AnthropicBreakpoints
{
    private static readonly JsonElement FiveMinuteMarker = Parse("""{"type":"ephemeral"}""");
    private static readonly JsonElement OneHourMarker = Parse("""{"type":"ephemeral","ttl":"1h"}""");

    public static JsonElement Marker(TimeSpan ttl) => ttl >= PrefixDecision.OneHour ? OneHourMarker : FiveMinuteMarker;

    /// <summary>Whether message <paramref name="index"/> can carry a marker (text content to put it on).</summary>
    public static bool CanMark(ChatCompletionRequest chat, int index)
    {
        ArgumentNullException.ThrowIfNull(chat);
        return chat.Messages is { } messages && index >= 0 && index < messages.Count && MarkableContent(messages[index]?.Content);
    }

    /// <summary>A copy of <paramref name="chat"/> with its messages list copied (the caller then marks messages).</summary>
    public static ChatCompletionRequest CopyForMarking(ChatCompletionRequest chat)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var copy = chat.ShallowClone();
        copy.Messages = chat.Messages is null ? null : [.. chat.Messages];
        return copy;
    }

    /// <summary>Marks message <paramref name="index"/> of a copy made by <see cref="CopyForMarking"/>.</summary>
    public static void MarkMessage(ChatCompletionRequest copy, int index, TimeSpan ttl, JsonElement? marked = null)
    {
        ArgumentNullException.ThrowIfNull(copy);
        var messages = copy.Messages!;
        var message = messages[index]!;
        messages[index] = new ChatMessage
        {
            Role = message.Role,
            Content = marked ?? MarkedContent(message.Content!.Value, Marker(ttl)),
            Name = message.Name,
            ToolCalls = message.ToolCalls,
            ToolCallId = message.ToolCallId,
            Refusal = message.Refusal,
            Extra = message.Extra,
        };
    }

    /// <summary>Marks the last tool (the prefix of a prompt with tools but no system prompt).</summary>
    public static void MarkLastTool(ChatCompletionRequest copy, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(copy);
        var tools = new List<ChatTool>(copy.Tools!);
        var last = tools[^1];
        var extra = last.Extra is null ? new Dictionary<string, JsonElement>() : new Dictionary<string, JsonElement>(last.Extra);
        extra[PromptCacheMarkers.CacheControl] = Marker(ttl);
        tools[^1] = new ChatTool { Type = last.Type, Function = last.Function, Extra = extra };
        copy.Tools = tools;
    }

    private static bool MarkableContent(JsonElement? content)
    {
        if (content is not { } value)
        {
            return false;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return JsonMarshal.GetRawUtf8Value(value).Length > 2; // more than the two quotes, read without copying the text
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            return false;
        }

        var last = value[value.GetArrayLength() - 1];
        return last.ValueKind == JsonValueKind.Object
            && last.TryGetProperty("type", out var type)
            && type.ValueKind == JsonValueKind.String
            && (type.ValueEquals("image_url") || (type.ValueEquals("text") && last.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String && text.GetString() is { Length: > 0 }));
    }

    /// <summary>The content of message <paramref name="index"/> with its marker (callers may keep it: it owns its memory).</summary>
    public static JsonElement MarkedContentOf(ChatCompletionRequest chat, int index, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(chat);
        return MarkedContent(chat.Messages![index]!.Content!.Value, Marker(ttl));
    }

    private static JsonElement MarkedContent(JsonElement content, JsonElement marker)
    {
        var buffer = new ArrayBufferWriter<byte>(JsonMarshal.GetRawUtf8Value(content).Length + 96);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            if (content.ValueKind == JsonValueKind.String)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "text");
                writer.WritePropertyName("text");
                content.WriteTo(writer);
                writer.WritePropertyName(PromptCacheMarkers.CacheControl);
                marker.WriteTo(writer);
                writer.WriteEndObject();
            }
            else
            {
                var count = content.GetArrayLength();
                var i = 0;
                foreach (var part in content.EnumerateArray())
                {
                    if (++i < count)
                    {
                        part.WriteTo(writer);
                        continue;
                    }

                    writer.WriteStartObject();
                    foreach (var property in part.EnumerateObject())
                    {
                        if (!property.NameEquals(PromptCacheMarkers.CacheControl))
                        {
                            property.WriteTo(writer);
                        }
                    }

                    writer.WritePropertyName(PromptCacheMarkers.CacheControl);
                    marker.WriteTo(writer);
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndArray();
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
