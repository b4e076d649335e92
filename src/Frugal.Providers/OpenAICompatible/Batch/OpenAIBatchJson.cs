using Frugal.Protocol.Json;

namespace Frugal.Providers.OpenAICompatible.Batch;

/// <summary>The serializer context for OpenAI batch wire JSON, with <see cref="ProtocolJson.WireOptions"/>.</summary>
public static class OpenAIBatchJson
{
    public static OpenAIBatchJsonContext Context { get; } = new(ProtocolJson.WireOptions(OpenAIBatchJsonContext.Default.Options));
}
