using System.Text.Json.Serialization;

namespace Frugal.Protocol.OpenAI;

public sealed class ErrorBody
{
    [JsonPropertyName("message")] public required string Message { get; set; }
    [JsonPropertyName("type")] public required string Type { get; set; }
    [JsonPropertyName("param")][JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? Param { get; set; }
    [JsonPropertyName("code")][JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? Code { get; set; }
}
