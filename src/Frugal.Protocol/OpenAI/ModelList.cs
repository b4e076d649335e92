using System.Text.Json.Serialization;

namespace Frugal.Protocol.OpenAI;

public sealed class ModelList
{
    [JsonPropertyName("object")] public string Object { get; set; } = "list";
    [JsonPropertyName("data")] public List<ModelInfo> Data { get; set; } = [];
}
