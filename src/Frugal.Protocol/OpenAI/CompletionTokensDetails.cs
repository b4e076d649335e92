using System.Text.Json;
using System.Text.Json.Serialization;

namespace Frugal.Protocol.OpenAI;

public sealed class CompletionTokensDetails
{
    [JsonPropertyName("reasoning_tokens")] public long? ReasoningTokens { get; set; }
    [JsonPropertyName("audio_tokens")] public long? AudioTokens { get; set; }
    [JsonPropertyName("accepted_prediction_tokens")] public long? AcceptedPredictionTokens { get; set; }
    [JsonPropertyName("rejected_prediction_tokens")] public long? RejectedPredictionTokens { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
