using System.Text.Json;
using System.Text.Json.Serialization;

namespace Frugal.Protocol.OpenAI;

public sealed class FunctionCall
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("arguments")] public string? Arguments { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
