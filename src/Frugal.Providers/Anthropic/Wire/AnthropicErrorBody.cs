using System.Text.Json.Serialization;

namespace Frugal.Providers.Anthropic.Wire;

public sealed class AnthropicErrorBody
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
}
