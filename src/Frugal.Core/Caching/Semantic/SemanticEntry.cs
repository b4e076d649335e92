using Frugal.Core.Caching.Semantic.Verification;

namespace Frugal.Core.Caching.Semantic;

/// <summary>One entry of the in-process index, as the log described it.</summary>
internal sealed class SemanticEntry(long id, string entryKey, string contextKey, string text, float threshold, DateTimeOffset expiresAt, long bytes)
{
    private float _threshold = threshold;
    private int _referenced;

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

    /// <summary>What the entry costs beside its row in the context's index (counted against the memory limit).</summary>
    public long Bytes { get; } = bytes;

    /// <summary>Its place in the eviction clock; owned by the cache's writer lock.</summary>
    public LinkedListNode<SemanticEntry>? ClockNode { get; set; }

    /// <summary>A hit marks the entry (lock-free, one write); the eviction clock spares a marked entry once.</summary>
    public void MarkUsed()
    {
        if (Volatile.Read(ref _referenced) == 0)
        {
            Volatile.Write(ref _referenced, 1);
        }
    }

    /// <summary>Clears the mark; true when it was set.</summary>
    public bool TakeMark() => Interlocked.Exchange(ref _referenced, 0) != 0;
}
