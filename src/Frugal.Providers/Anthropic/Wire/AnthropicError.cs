using System.Text.Json.Serialization;

namespace Frugal.Providers.Anthropic.Wire;

/// <summary>Anthropic's error envelope: <c>{"type":"error","error":{"type","message"}}</c>.</summary>
public sealed class AnthropicError
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("error")] public AnthropicErrorBody? Error { get; set; }
}
