using System.Text.Json.Serialization;

namespace Frugal.Providers.Anthropic.Wire;

public sealed class MessagesResponse
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("role")] public string? Role { get; set; }
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("content")] public List<ContentBlock> Content { get; set; } = [];
    [JsonPropertyName("stop_reason")] public string? StopReason { get; set; }
    [JsonPropertyName("stop_sequence")] public string? StopSequence { get; set; }
    [JsonPropertyName("usage")] public AnthropicUsage? Usage { get; set; }
}
