using System.Collections.Concurrent;

namespace Frugal.Core.Caching;

/// <summary>
/// Single-flight for identical misses (the shape of HybridCache's stampede protection): the first
/// request for a key leads and calls upstream, the others await its outcome. A finished flight is
/// removed before its waiters wake, so a waiter whose leader failed can lead the next one.
/// </summary>
public sealed class CacheFlights
{
    private readonly ConcurrentDictionary<string, CacheFlight> _flights = new(StringComparer.Ordinal);

    public int InFlight => _flights.Count;

    /// <summary>True when the caller leads <paramref name="flight"/>; false when it should await the existing one.</summary>
    public bool TryLead(string key, out CacheFlight flight)
    {
        var created = new CacheFlight(key);
        flight = _flights.GetOrAdd(key, created);
        return ReferenceEquals(flight, created);
    }

    public void Finish(CacheFlight flight, CacheFlightOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(flight);
        _flights.TryRemove(new KeyValuePair<string, CacheFlight>(flight.Key, flight));
        flight.TrySet(outcome);
    }
}
