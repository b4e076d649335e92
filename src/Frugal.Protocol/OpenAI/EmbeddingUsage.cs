using System.Text.Json.Serialization;

namespace Frugal.Protocol.OpenAI;

public sealed class EmbeddingUsage
{
    [JsonPropertyName("prompt_tokens")] public long PromptTokens { get; set; }
    [JsonPropertyName("total_tokens")] public long TotalTokens { get; set; }
}
