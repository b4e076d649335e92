using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Privacy;

/// <summary>What masking one request produced: the masked bodies (null = unchanged), the placeholders, counts and blocks.</summary>
public sealed class PiiMaskResult
{
    public ChatCompletionRequest? Chat { get; init; }

    public EmbeddingRequest? Embedding { get; init; }

    public required PlaceholderMap Map { get; init; }

    /// <summary>Occurrences acted on (masked, redacted or blocked), by entity name.</summary>
    public required IReadOnlyDictionary<string, int> Counts { get; init; }

    /// <summary>Entity names whose action is block and that were found (sorted); empty = the request may go.</summary>
    public required IReadOnlyList<string> Blocked { get; init; }

    /// <summary>Entity name → the action taken, for the entity types found.</summary>
    public required IReadOnlyDictionary<string, PiiAction> Actions { get; init; }
}
