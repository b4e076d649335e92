using System.Text.Json.Serialization;

namespace Frugal.Providers.Anthropic.Wire;

/// <summary>
/// Anthropic usage: <see cref="InputTokens"/> excludes cache reads and cache writes, which
/// are reported separately (unlike OpenAI, whose prompt_tokens include cached tokens).
/// </summary>
public sealed class AnthropicUsage
{
    [JsonPropertyName("input_tokens")] public long? InputTokens { get; set; }
    [JsonPropertyName("output_tokens")] public long? OutputTokens { get; set; }
    [JsonPropertyName("cache_creation_input_tokens")] public long? CacheCreationInputTokens { get; set; }
    [JsonPropertyName("cache_read_input_tokens")] public long? CacheReadInputTokens { get; set; }
    [JsonPropertyName("cache_creation")] public AnthropicCacheCreation? CacheCreation { get; set; }
}
