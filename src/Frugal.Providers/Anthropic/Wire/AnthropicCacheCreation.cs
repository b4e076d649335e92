using System.Text.Json.Serialization;

namespace Frugal.Providers.Anthropic.Wire;

public sealed class AnthropicCacheCreation
{
    [JsonPropertyName("ephemeral_5m_input_tokens")] public long? Ephemeral5mInputTokens { get; set; }
    [JsonPropertyName("ephemeral_1h_input_tokens")] public long? Ephemeral1hInputTokens { get; set; }
}
