using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Compression;

/// <summary>What <see cref="PromptCompressor"/> did to one request.</summary>
/// <remarks><see cref="Counted"/> is false when the prompt was not counted (compression off, or too small to try).</remarks>
public sealed record CompressionOutcome(ChatCompletionRequest Request, int TokensBefore, int TokensAfter, CompressionTechniques Applied, CompressionTechniques Failed)
{
    public bool Counted { get; init; } = true;

    /// <summary>The messages history reduction dropped (in order), or null when it dropped none.</summary>
    public IReadOnlyList<ChatMessage>? Dropped { get; init; }

    /// <summary>Where in <see cref="Request"/>'s messages a summary of <see cref="Dropped"/> goes: right after the stable prefix.</summary>
    public int DroppedAt { get; init; }

    /// <summary>The summary that replaced <see cref="Dropped"/>, when one was written or found in the cache.</summary>
    public DroppedTurnSummary? Summary { get; init; }

    public static CompressionOutcome NotCounted(ChatCompletionRequest request) => new(request, 0, 0, CompressionTechniques.None, CompressionTechniques.None) { Counted = false };
}
