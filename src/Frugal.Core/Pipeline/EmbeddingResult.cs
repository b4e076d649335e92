using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Pipeline;

/// <summary>An embeddings answer: the upstream bytes to send back and the usage read from them.</summary>
public sealed class EmbeddingResult(ReadOnlyMemory<byte> rawJson, EmbeddingUsage? usage)
{
    public ReadOnlyMemory<byte> RawJson { get; } = rawJson;

    public EmbeddingUsage? Usage { get; } = usage;
}
