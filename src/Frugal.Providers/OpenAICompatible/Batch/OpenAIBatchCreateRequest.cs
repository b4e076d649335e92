using System.Text.Json.Serialization;

namespace Frugal.Providers.OpenAICompatible.Batch;

/// <summary><c>POST /batches</c>.</summary>
public sealed class OpenAIBatchCreateRequest
{
    [JsonPropertyName("input_file_id")] public required string InputFileId { get; set; }
    [JsonPropertyName("endpoint")] public required string Endpoint { get; set; }
    [JsonPropertyName("completion_window")] public string CompletionWindow { get; set; } = "24h";
    [JsonPropertyName("metadata")] public IReadOnlyDictionary<string, string>? Metadata { get; set; }
}
