using System.Text.Json.Serialization;

namespace Frugal.Providers.Anthropic.Wire;

/// <summary>
/// One Messages-API stream event (message_start, content_block_start, content_block_delta,
/// content_block_stop, message_delta, message_stop, ping, error). Fields are optional because
/// each event type uses a few of them.
/// </summary>
public sealed class StreamEvent
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("message")] public MessagesResponse? Message { get; set; }
    [JsonPropertyName("index")] public int? Index { get; set; }
    [JsonPropertyName("content_block")] public ContentBlock? ContentBlock { get; set; }
    [JsonPropertyName("delta")] public StreamDelta? Delta { get; set; }
    [JsonPropertyName("usage")] public AnthropicUsage? Usage { get; set; }
    [JsonPropertyName("error")] public AnthropicErrorBody? Error { get; set; }
}
