using System.Text.Json;
using System.Text.Json.Serialization;

namespace Frugal.Providers.Anthropic.Wire;

public sealed class AnthropicTool
{
    [JsonPropertyName("name")] public required string Name { get; set; }
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("input_schema")] public JsonElement InputSchema { get; set; }
    [JsonPropertyName("cache_control")] public JsonElement? CacheControl { get; set; }
}
