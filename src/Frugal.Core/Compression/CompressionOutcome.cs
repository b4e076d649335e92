using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Compression;

/// <summary>What <see cref="PromptCompressor"/> did to one request.</summary>
/// <remarks><see cref="Counted"/> is false when the prompt was not counted (compression off, or too small to try).</remarks>
public sealed record CompressionOutcome(ChatCompletionRequest Request, int TokensBefore, int TokensAfter, CompressionTechniques Applied, CompressionTechniques Failed)
{
    public bool Counted { get; init; } = true;

    public static CompressionOutcome NotCounted(ChatCompletionRequest request) => new(request, 0, 0, CompressionTechniques.None, CompressionTechniques.None) { Counted = false };
}
