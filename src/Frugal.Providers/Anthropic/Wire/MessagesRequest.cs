using System.Text.Json;
using System.Text.Json.Serialization;

namespace Frugal.Providers.Anthropic.Wire;

/// <summary>A request to Anthropic's Messages API (<c>POST /v1/messages</c>).</summary>
public sealed class MessagesRequest
{
    [JsonPropertyName("model")] public required string Model { get; set; }
    [JsonPropertyName("max_tokens")] public int MaxTokens { get; set; }
    [JsonPropertyName("system")] public List<ContentBlock>? System { get; set; }
    [JsonPropertyName("messages")] public List<AnthropicMessage> Messages { get; set; } = [];
    [JsonPropertyName("tools")] public List<AnthropicTool>? Tools { get; set; }
    [JsonPropertyName("tool_choice")] public ToolChoice? ToolChoice { get; set; }
    [JsonPropertyName("stop_sequences")] public List<string>? StopSequences { get; set; }
    [JsonPropertyName("temperature")] public double? Temperature { get; set; }
    [JsonPropertyName("top_p")] public double? TopP { get; set; }
    [JsonPropertyName("top_k")] public int? TopK { get; set; }
    [JsonPropertyName("stream")] public bool? Stream { get; set; }
    [JsonPropertyName("metadata")] public MessagesMetadata? Metadata { get; set; }
    [JsonPropertyName("thinking")] public JsonElement? Thinking { get; set; }
}
