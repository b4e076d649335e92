using System.Text.Json.Serialization;

namespace Frugal.Providers.Anthropic.Wire;

public sealed class AnthropicMessage
{
    [JsonPropertyName("role")] public required string Role { get; set; }
    [JsonPropertyName("content")] public List<ContentBlock> Content { get; set; } = [];
}
