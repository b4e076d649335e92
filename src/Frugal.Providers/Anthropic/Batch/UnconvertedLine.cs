using System.Text.Json.Serialization;

namespace Frugal.Providers.Anthropic.Batch;

/// <summary>A line Frugal could not translate into Messages params: it is not sent, and comes back as a 400 result.</summary>
public sealed class UnconvertedLine
{
    [JsonPropertyName("custom_id")] public required string CustomId { get; set; }
    [JsonPropertyName("message")] public required string Message { get; set; }
    [JsonPropertyName("param")] public string? Param { get; set; }
    [JsonPropertyName("code")] public string? Code { get; set; }
}
