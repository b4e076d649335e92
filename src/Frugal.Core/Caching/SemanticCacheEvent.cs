namespace Frugal.Core.Caching;

public enum SemanticCacheEventKind
{
    /// <summary>A new entry: <see cref="SemanticCacheEvent.Vector"/> and <see cref="SemanticCacheEvent.Text"/> are set.</summary>
    Added = 1,

    /// <summary>The entry must no longer be served (e.g. feedback said it was wrong).</summary>
    Removed = 2,

    /// <summary>The entry's own similarity threshold changed (learned from feedback).</summary>
    ThresholdChanged = 3,
}

/// <summary>
/// One semantic-cache event. <see cref="ContextKey"/> is the hash of everything but the last user
/// message (tenant namespace, model, system prompt, earlier turns, tools, parameters): only entries
/// with the same context are ever compared.
/// </summary>
public sealed record SemanticCacheEvent(
    SemanticCacheEventKind Kind,
    string EntryKey,
    string ContextKey,
    float[]? Vector,
    string? Text,
    float Threshold,
    DateTimeOffset ExpiresAt);

public sealed record SemanticCacheEventBatch(IReadOnlyList<SemanticCacheEvent> Events, string? Cursor);
