using System.Text.Json.Serialization;

namespace Frugal.Providers.OpenAICompatible.Batch;

/// <summary>The field of OpenAI's File object the client reads after an upload.</summary>
public sealed class OpenAIFileObject
{
    [JsonPropertyName("id")] public string? Id { get; set; }
}
