namespace Frugal.Core.Budgets;

/// <summary>
/// Rate-limits the "budget store unreachable" log lines: during an outage every request would otherwise log one.
/// The first occurrence logs at once; later ones at most once per <see cref="Interval"/>, with the number
/// suppressed since the last line. Thread-safe; uses the gateway's clock.
/// </summary>
public sealed class StoreOutageLog(TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private DateTimeOffset _lastLogged = DateTimeOffset.MinValue;
    private long _suppressed;

    /// <summary>True when this occurrence should be logged; <paramref name="suppressed"/> = occurrences not logged since the last line.</summary>
    public bool ShouldLog(out long suppressed)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (now - _lastLogged < Interval)
            {
                _suppressed++;
                suppressed = 0;
                return false;
            }

            _lastLogged = now;
            suppressed = _suppressed;
            _suppressed = 0;
            return true;
        }
    }
}
