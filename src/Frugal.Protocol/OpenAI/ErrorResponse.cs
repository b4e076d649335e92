using System.Text.Json.Serialization;

namespace Frugal.Protocol.OpenAI;

/// <summary>OpenAI's error envelope: <c>{"error":{"message","type","param","code"}}</c>.</summary>
public sealed class ErrorResponse
{
    [JsonPropertyName("error")] public required ErrorBody Error { get; set; }
}
