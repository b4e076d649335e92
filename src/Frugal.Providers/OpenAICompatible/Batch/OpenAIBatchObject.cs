using System.Text.Json.Serialization;

namespace Frugal.Providers.OpenAICompatible.Batch;

/// <summary>The fields of OpenAI's Batch object the client reads (<c>POST/GET /batches</c>, <c>…/cancel</c>).</summary>
public sealed class OpenAIBatchObject
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("output_file_id")] public string? OutputFileId { get; set; }
    [JsonPropertyName("error_file_id")] public string? ErrorFileId { get; set; }
    [JsonPropertyName("expires_at")] public long? ExpiresAt { get; set; }
    [JsonPropertyName("request_counts")] public OpenAIBatchRequestCounts? RequestCounts { get; set; }
}
