using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Compression;

/// <summary>
/// The text parts of a message's content (a string, or the "text" of each text part of an array) and a copy of the
/// message with new texts. Every other part (images, audio, files) is written back byte for byte; so are the
/// message's other fields (tool calls, name, unknown fields).
/// </summary>
public static class MessageContent
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>The message's texts in order; empty when it has none (null content, images only).</summary>
    public static List<string> Texts(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var texts = new List<string>(1);
        if (message.Content is not { } content)
        {
            return texts;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            texts.Add(content.GetString() ?? string.Empty);
        }
        else if (content.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in content.EnumerateArray())
            {
                if (IsTextPart(part, out var text))
                {
                    texts.Add(text);
                }
            }
        }

        return texts;
    }

    /// <summary>A copy of <paramref name="message"/> whose texts are <paramref name="texts"/> (same count and order as <see cref="Texts"/>).</summary>
    public static ChatMessage WithTexts(ChatMessage message, List<string> texts)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(texts);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            var content = message.Content!.Value;
            if (content.ValueKind == JsonValueKind.String)
            {
                writer.WriteStringValue(texts[0]);
            }
            else
            {
                var next = 0;
                writer.WriteStartArray();
                foreach (var part in content.EnumerateArray())
                {
                    if (IsTextPart(part, out _))
                    {
                        WriteTextPart(writer, part, texts[next++]);
                    }
                    else
                    {
                        part.WriteTo(writer);
                    }
                }

                writer.WriteEndArray();
            }
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return new ChatMessage
        {
            Role = message.Role,
            Content = document.RootElement.Clone(),
            Name = message.Name,
            ToolCalls = message.ToolCalls,
            ToolCallId = message.ToolCallId,
            Refusal = message.Refusal,
            Extra = message.Extra,
        };
    }

    private static bool IsTextPart(JsonElement part, out string text)
    {
        if (part.ValueKind == JsonValueKind.Object
            && part.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("text")
            && part.TryGetProperty("text", out var value) && value.ValueKind == JsonValueKind.String)
        {
            text = value.GetString() ?? string.Empty;
            return true;
        }

        text = string.Empty;
        return false;
    }

    private static void WriteTextPart(Utf8JsonWriter writer, JsonElement part, string text)
    {
        writer.WriteStartObject();
        foreach (var property in part.EnumerateObject())
        {
            if (property.NameEquals("text"))
            {
                writer.WriteString("text", text);
            }
            else
            {
                property.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }
}
