using System.Collections.Concurrent;

namespace Frugal.Core.Caching;

/// <summary>
/// Single-flight for identical misses (the shape of HybridCache's stampede protection): the first
/// request for a key leads and calls upstream, the others await its outcome. A finished flight is
/// removed before its waiters wake, so a waiter whose leader failed can lead the next one.
/// <para>
/// Bounded: a flight lives only while its leader's call is in flight (removed in the leader's
/// <c>finally</c>, or when its captured stream ends or is disposed), so the map holds at most one
/// flight per concurrent request. As a hard cap beyond that, at <see cref="MaxFlights"/> a new leader
/// is not registered: it calls upstream alone (no waiters can join it) until flights finish.
/// </para>
/// </summary>
public sealed class CacheFlights(int maxFlights = CacheFlights.DefaultMaxFlights)
{
    /// <summary>Far above any concurrency Kestrel serves by default; reaching it means something leaks.</summary>
    public const int DefaultMaxFlights = 100_000;

    private readonly ConcurrentDictionary<string, CacheFlight> _flights = new(StringComparer.Ordinal);
    private int _count;

    public int MaxFlights { get; } = maxFlights;

    /// <summary>Registered flights now (cheap: a counter, not the dictionary's all-locks Count).</summary>
    public int InFlight => Volatile.Read(ref _count);

    /// <summary>True when the caller leads <paramref name="flight"/>; false when it should await the existing one.</summary>
    public bool TryLead(string key, out CacheFlight flight)
    {
        if (_flights.TryGetValue(key, out var existing))
        {
            flight = existing;
            return false;
        }

        var created = new CacheFlight(key);
        if (Volatile.Read(ref _count) >= MaxFlights)
        {
            flight = created; // unregistered: leads alone, and Finish finds nothing to remove
            return true;
        }

        flight = _flights.GetOrAdd(key, created);
        if (!ReferenceEquals(flight, created))
        {
            return false;
        }

        Interlocked.Increment(ref _count);
        return true;
    }

    public void Finish(CacheFlight flight, CacheFlightOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(flight);
        if (_flights.TryRemove(new KeyValuePair<string, CacheFlight>(flight.Key, flight)))
        {
            Interlocked.Decrement(ref _count);
        }

        flight.TrySet(outcome);
    }
}
