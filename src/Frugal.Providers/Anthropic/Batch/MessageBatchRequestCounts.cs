using System.Text.Json.Serialization;

namespace Frugal.Providers.Anthropic.Batch;

public sealed class MessageBatchRequestCounts
{
    [JsonPropertyName("processing")] public int Processing { get; set; }
    [JsonPropertyName("succeeded")] public int Succeeded { get; set; }
    [JsonPropertyName("errored")] public int Errored { get; set; }
    [JsonPropertyName("canceled")] public int Canceled { get; set; }
    [JsonPropertyName("expired")] public int Expired { get; set; }
}
