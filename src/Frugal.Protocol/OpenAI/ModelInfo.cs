using System.Text.Json.Serialization;

namespace Frugal.Protocol.OpenAI;

public sealed class ModelInfo
{
    [JsonPropertyName("id")] public required string Id { get; set; }
    [JsonPropertyName("object")] public string Object { get; set; } = "model";
    [JsonPropertyName("created")] public long Created { get; set; }
    [JsonPropertyName("owned_by")] public required string OwnedBy { get; set; }
}
