namespace Frugal.Core.PromptCache;

/// <summary>
/// The mutable learning state of one prefix inside <see cref="MemoryPromptPrefixStore"/> (callers see
/// <see cref="PrefixSnapshot"/> copies). The rules are the store contract's, so a shared store must apply the same.
/// </summary>
public sealed class PrefixState(ulong key)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public ulong Key { get; } = key;

    private long _sightings;
    private DateTimeOffset _lastSeen;
    private DateTimeOffset? _liveUntil;
    private TimeSpan _ttl;
    private bool _readSinceWrite;
    private long _writes;
    private long _reads;
    private long _wasted;
    private int _shortIntervals;
    private DateTimeOffset _minuteStart;
    private int _minuteCount;
    private int _previousMinuteCount;

    public PrefixSnapshot Observe(DateTimeOffset now)
    {
        if (_liveUntil is { } until && now > until)
        {
            if (!_readSinceWrite)
            {
                _wasted++; // written, then nobody came back while it was live: the premium bought nothing
            }

            _liveUntil = null;
        }

        var before = Snapshot();
        if (_sightings > 0)
        {
            _shortIntervals = now - _lastSeen <= MemoryPromptPrefixStore.ShortInterval ? _shortIntervals + 1 : 0;
        }

        if (now - _minuteStart >= Minute)
        {
            _previousMinuteCount = now - _minuteStart < 2 * Minute ? _minuteCount : 0;
            _minuteStart = now;
            _minuteCount = 0;
        }

        _minuteCount++;
        _sightings++;
        _lastSeen = now;
        return before;
    }

    public void RecordCache(DateTimeOffset now, TimeSpan ttl, bool write)
    {
        if (write || _liveUntil is null)
        {
            _writes++;
            _readSinceWrite = false;
        }
        else
        {
            _reads++;
            _readSinceWrite = true;
        }

        _ttl = ttl;
        _liveUntil = now + ttl;
    }

    public PrefixSnapshot Snapshot()
        => new(_sightings, _lastSeen, _liveUntil, _ttl, _writes, _reads, _wasted, _shortIntervals, Math.Max(_previousMinuteCount, _minuteCount));
}
