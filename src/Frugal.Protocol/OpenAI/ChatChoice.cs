using System.Text.Json;
using System.Text.Json.Serialization;

namespace Frugal.Protocol.OpenAI;

/// <remarks>finish_reason and logprobs are always written, null included, as OpenAI does: strict clients expect the keys.</remarks>
public sealed class ChatChoice
{
    [JsonPropertyName("index")] public int Index { get; set; }
    [JsonPropertyName("message")] public ChatMessage Message { get; set; } = new();
    [JsonPropertyName("logprobs")][JsonIgnore(Condition = JsonIgnoreCondition.Never)] public JsonElement? Logprobs { get; set; }
    [JsonPropertyName("finish_reason")][JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? FinishReason { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
