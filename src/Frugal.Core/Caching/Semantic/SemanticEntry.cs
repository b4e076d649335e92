using Frugal.Core.Semantic;

namespace Frugal.Core.Caching.Semantic;

/// <summary>One entry of the in-process index, as the log described it.</summary>
internal sealed class SemanticEntry(long id, string entryKey, string contextKey, string text, float threshold, DateTimeOffset expiresAt)
{
    private float _threshold = threshold;

    public long Id { get; } = id;

    public string EntryKey { get; } = entryKey;

    public string ContextKey { get; } = contextKey;

    public string Text { get; } = text;

    public VerifierFacts Facts { get; } = SemanticVerifier.Analyze(text);

    /// <summary>The entry's own similarity threshold (0: the configured one), raised by feedback.</summary>
    public float Threshold
    {
        get => Volatile.Read(ref _threshold);
        set => Volatile.Write(ref _threshold, value);
    }

    public DateTimeOffset ExpiresAt { get; } = expiresAt;
}
