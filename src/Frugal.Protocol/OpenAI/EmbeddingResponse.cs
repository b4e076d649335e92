using System.Text.Json;
using System.Text.Json.Serialization;

namespace Frugal.Protocol.OpenAI;

public sealed class EmbeddingResponse
{
    [JsonPropertyName("object")] public string Object { get; set; } = "list";
    [JsonPropertyName("data")] public JsonElement? Data { get; set; }
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("usage")] public EmbeddingUsage? Usage { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
