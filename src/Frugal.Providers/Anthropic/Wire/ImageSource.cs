using System.Text.Json.Serialization;

namespace Frugal.Providers.Anthropic.Wire;

/// <summary>An image given inline (<c>base64</c>) or by <c>url</c>.</summary>
public sealed class ImageSource
{
    [JsonPropertyName("type")] public required string Type { get; set; }
    [JsonPropertyName("media_type")] public string? MediaType { get; set; }
    [JsonPropertyName("data")] public string? Data { get; set; }
    [JsonPropertyName("url")] public string? Url { get; set; }
}
