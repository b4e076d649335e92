using System.Globalization;

namespace Frugal.Core.Caching;

/// <summary>
/// The semantic log of the memory backend: a list in this process (so nothing survives a restart
/// and nothing is shared, exactly like <see cref="MemoryCacheStore"/>). The cursor is the sequence
/// number of the last event read.
/// </summary>
public sealed class MemorySemanticCacheLog : ISemanticCacheLog
{
    private readonly List<(long Sequence, SemanticCacheEvent Event)> _events = [];
    private readonly object _gate = new();
    private long _sequence;

    public ValueTask AppendAsync(SemanticCacheEvent cacheEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cacheEvent);
        lock (_gate)
        {
            _events.Add((++_sequence, cacheEvent));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<SemanticCacheEventBatch> ReadSinceAsync(string? cursor, int max, CancellationToken cancellationToken)
    {
        var after = cursor is null ? 0 : long.Parse(cursor, CultureInfo.InvariantCulture);
        lock (_gate)
        {
            var start = _events.FindIndex(e => e.Sequence > after);
            if (start < 0)
            {
                return ValueTask.FromResult(new SemanticCacheEventBatch([], cursor));
            }

            var batch = _events.Skip(start).Take(max).ToList();
            var next = batch[^1].Sequence.ToString(CultureInfo.InvariantCulture);
            return ValueTask.FromResult(new SemanticCacheEventBatch(batch.ConvertAll(e => e.Event), next));
        }
    }

    public ValueTask CompactAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var expired = _events.Where(e => e.Event.ExpiresAt <= now).Select(e => e.Event.EntryKey).ToHashSet(StringComparer.Ordinal);
            _events.RemoveAll(e => expired.Contains(e.Event.EntryKey));
        }

        return ValueTask.CompletedTask;
    }
}
