using System.Text.Json;
using System.Text.Json.Serialization;

namespace Frugal.Protocol.OpenAI;

/// <summary>
/// One message of a conversation, used both in requests and in non-streaming responses.
/// <see cref="Content"/> is kept as raw JSON because it may be a string, an array of parts or null.
/// </summary>
public sealed class ChatMessage
{
    [JsonPropertyName("role")] public string? Role { get; set; }
    [JsonPropertyName("content")] public JsonElement? Content { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("tool_calls")] public List<ToolCall>? ToolCalls { get; set; }
    [JsonPropertyName("tool_call_id")] public string? ToolCallId { get; set; }
    [JsonPropertyName("refusal")] public string? Refusal { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>
    /// The message's text: the string content, or its text parts joined by newlines.
    /// Images and other parts are skipped.
    /// </summary>
    public string TextContent() => ContentText.Of(Content);
}
