using System.Globalization;

namespace Frugal.Core.Caching;

/// <summary>
/// The semantic log of the memory backend: events in this process (so nothing survives a restart
/// and nothing is shared, exactly like <see cref="MemoryCacheStore"/>). The cursor is the sequence
/// number of the last event read.
/// <para>
/// Bounded, because it lives in the gateway's memory: an Added or Removed event supersedes every
/// earlier event of its entry, which is dropped at once (a reader that has not read them yet gets the
/// same end state from the later event); removal markers are kept for readers that are behind, the
/// newest <see cref="MaxRemovalMarkers"/> of them; and expired events are dropped whenever the log
/// has doubled since it was last swept (amortised O(1) per append) and at <see cref="CompactAsync"/>.
/// So it holds about one event per live entry, which the semantic cache counts against its memory.
/// A reader more than <see cref="MaxRemovalMarkers"/> removals behind keeps a stale entry until its
/// own eviction or the entry's expiry; the stale entry's answer was removed from the store, so it is
/// never served.
/// </para>
/// </summary>
public sealed class MemorySemanticCacheLog(TimeProvider? time = null) : ISemanticCacheLog
{
    /// <summary>Removal markers kept for readers behind them (a marker is about 300 bytes: at most ~300 KB, outside the semantic share).</summary>
    public const int MaxRemovalMarkers = 1_024;

    /// <summary>The log is swept for expired events when it has grown past twice its size after the last sweep, and at least this.</summary>
    private const int MinSweepSize = 1_024;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly List<Slot> _slots = []; // by sequence; a dropped event leaves a null slot until the list is packed
    private readonly Dictionary<string, List<long>> _sequencesByEntry = new(StringComparer.Ordinal);
    private readonly Queue<(long Sequence, string EntryKey)> _removalMarkers = new();
    private readonly object _gate = new();
    private long _sequence;
    private int _live;
    private int _liveAfterSweep;

    /// <summary>Events held now (what a full replay would read).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _live;
            }
        }
    }

    public ValueTask AppendAsync(SemanticCacheEvent cacheEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cacheEvent);
        lock (_gate)
        {
            if (cacheEvent.Kind is SemanticCacheEventKind.Added or SemanticCacheEventKind.Removed)
            {
                DropEntry(cacheEvent.EntryKey);
            }

            var sequence = ++_sequence;
            _slots.Add(new Slot(sequence, cacheEvent));
            _live++;
            if (!_sequencesByEntry.TryGetValue(cacheEvent.EntryKey, out var sequences))
            {
                _sequencesByEntry[cacheEvent.EntryKey] = sequences = [];
            }

            sequences.Add(sequence);
            if (cacheEvent.Kind == SemanticCacheEventKind.Removed)
            {
                _removalMarkers.Enqueue((sequence, cacheEvent.EntryKey));
                while (_removalMarkers.Count > MaxRemovalMarkers)
                {
                    var (oldest, key) = _removalMarkers.Dequeue();
                    DropOne(key, oldest);
                }
            }

            if (_live > Math.Max(MinSweepSize, 2 * _liveAfterSweep))
            {
                DropExpired(_time.GetUtcNow());
            }

            PackIfSparse();
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<SemanticCacheEventBatch> ReadSinceAsync(string? cursor, int max, CancellationToken cancellationToken)
    {
        var after = cursor is null ? 0 : long.Parse(cursor, CultureInfo.InvariantCulture);
        lock (_gate)
        {
            var events = new List<SemanticCacheEvent>(Math.Min(max, 64));
            var last = after;
            for (var i = FirstAfter(after); i < _slots.Count && events.Count < max; i++)
            {
                if (_slots[i].Event is { } cacheEvent)
                {
                    events.Add(cacheEvent);
                    last = _slots[i].Sequence;
                }
            }

            return ValueTask.FromResult(new SemanticCacheEventBatch(events, events.Count == 0 ? cursor : last.ToString(CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Drops every event whose entry has expired (each event carries its entry's expiry).</summary>
    public ValueTask CompactAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            DropExpired(now);
            PackIfSparse();
        }

        return ValueTask.CompletedTask;
    }

    private void DropExpired(DateTimeOffset now)
    {
        for (var i = 0; i < _slots.Count; i++)
        {
            if (_slots[i].Event is { } cacheEvent && cacheEvent.ExpiresAt <= now)
            {
                DropOne(cacheEvent.EntryKey, _slots[i].Sequence);
            }
        }

        _liveAfterSweep = _live;
    }

    /// <summary>Every event of the entry, superseded by a newer Added or Removed.</summary>
    private void DropEntry(string entryKey)
    {
        if (!_sequencesByEntry.Remove(entryKey, out var sequences))
        {
            return;
        }

        foreach (var sequence in sequences)
        {
            ClearSlot(sequence);
        }
    }

    private void DropOne(string entryKey, long sequence)
    {
        if (_sequencesByEntry.TryGetValue(entryKey, out var sequences) && sequences.Remove(sequence))
        {
            ClearSlot(sequence);
            if (sequences.Count == 0)
            {
                _sequencesByEntry.Remove(entryKey);
            }
        }
    }

    private void ClearSlot(long sequence)
    {
        var index = FirstAfter(sequence - 1);
        if (index < _slots.Count && _slots[index].Sequence == sequence && _slots[index].Event is not null)
        {
            _slots[index] = new Slot(sequence, null);
            _live--;
        }
    }

    /// <summary>Removes the null slots once they outnumber the events (amortised O(1) per drop).</summary>
    private void PackIfSparse()
    {
        if (_slots.Count > MinSweepSize && _slots.Count > 2 * _live)
        {
            _slots.RemoveAll(static slot => slot.Event is null);
        }
    }

    /// <summary>Index of the first slot with a sequence above <paramref name="after"/> (slots are sorted by sequence).</summary>
    private int FirstAfter(long after)
    {
        int low = 0, high = _slots.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_slots[middle].Sequence <= after)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private readonly record struct Slot(long Sequence, SemanticCacheEvent? Event);
}
