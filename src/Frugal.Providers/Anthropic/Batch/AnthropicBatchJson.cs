using Frugal.Protocol.Json;

namespace Frugal.Providers.Anthropic.Batch;

/// <summary>The serializer context for Message Batches wire JSON, with <see cref="ProtocolJson.WireOptions"/>.</summary>
public static class AnthropicBatchJson
{
    public static AnthropicBatchJsonContext Context { get; } = new(ProtocolJson.WireOptions(AnthropicBatchJsonContext.Default.Options));
}
