using System.Text.Json.Serialization;

namespace Frugal.Providers.OpenAICompatible.Batch;

public sealed class OpenAIBatchRequestCounts
{
    [JsonPropertyName("total")] public int Total { get; set; }
    [JsonPropertyName("completed")] public int Completed { get; set; }
    [JsonPropertyName("failed")] public int Failed { get; set; }
}
