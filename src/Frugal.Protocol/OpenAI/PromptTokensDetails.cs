using System.Text.Json;
using System.Text.Json.Serialization;

namespace Frugal.Protocol.OpenAI;

public sealed class PromptTokensDetails
{
    [JsonPropertyName("cached_tokens")] public long? CachedTokens { get; set; }
    [JsonPropertyName("audio_tokens")] public long? AudioTokens { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
