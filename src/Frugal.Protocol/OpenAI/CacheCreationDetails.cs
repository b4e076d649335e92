using System.Text.Json.Serialization;

namespace Frugal.Protocol.OpenAI;

/// <summary>Anthropic's split of cache-write tokens by time to live (priced differently).</summary>
public sealed class CacheCreationDetails
{
    [JsonPropertyName("ephemeral_5m_input_tokens")] public long Ephemeral5mInputTokens { get; set; }
    [JsonPropertyName("ephemeral_1h_input_tokens")] public long Ephemeral1hInputTokens { get; set; }
}
