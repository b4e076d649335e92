using System.Text.Json.Serialization;

namespace Frugal.Providers.Anthropic.Batch;

/// <summary>The fields of Anthropic's Message Batch object the client reads (create, retrieve, cancel).</summary>
public sealed class MessageBatch
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("processing_status")] public string? ProcessingStatus { get; set; }
    [JsonPropertyName("request_counts")] public MessageBatchRequestCounts? RequestCounts { get; set; }
    [JsonPropertyName("expires_at")] public DateTimeOffset? ExpiresAt { get; set; }
    [JsonPropertyName("cancel_initiated_at")] public DateTimeOffset? CancelInitiatedAt { get; set; }
    [JsonPropertyName("results_url")] public string? ResultsUrl { get; set; }
}
