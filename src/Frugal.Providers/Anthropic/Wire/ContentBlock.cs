using System.Text.Json;
using System.Text.Json.Serialization;

namespace Frugal.Providers.Anthropic.Wire;

/// <summary>
/// One Anthropic content block. A single class with optional fields covers every block type
/// the gateway reads or writes: text, image, tool_use, tool_result, thinking, redacted_thinking.
/// </summary>
public sealed class ContentBlock
{
    [JsonPropertyName("type")] public required string Type { get; set; }
    [JsonPropertyName("text")] public string? Text { get; set; }
    [JsonPropertyName("source")] public ImageSource? Source { get; set; }
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("input")] public JsonElement? Input { get; set; }
    [JsonPropertyName("tool_use_id")] public string? ToolUseId { get; set; }
    /// <summary>tool_result content: a string or an array of blocks.</summary>
    [JsonPropertyName("content")] public JsonElement? Content { get; set; }
    [JsonPropertyName("is_error")] public bool? IsError { get; set; }
    [JsonPropertyName("thinking")] public string? Thinking { get; set; }
    [JsonPropertyName("signature")] public string? Signature { get; set; }
    [JsonPropertyName("data")] public string? Data { get; set; }
    [JsonPropertyName("cache_control")] public JsonElement? CacheControl { get; set; }
}
