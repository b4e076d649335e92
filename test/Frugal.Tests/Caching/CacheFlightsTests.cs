using Frugal.Core.Caching;

namespace Frugal.Tests.Caching;

/// <summary>Issue #12: the single-flight map has a bound (one flight per in-flight leader, and a hard cap) and an eviction rule (finish).</summary>
public sealed class CacheFlightsTests
{
    [Fact]
    public void Finished_flights_leave_the_map_and_beyond_the_cap_a_leader_flies_alone()
    {
        var flights = new CacheFlights(maxFlights: 2);

        Assert.True(flights.TryLead("a", out var a));
        Assert.False(flights.TryLead("a", out var joined));
        Assert.Same(a, joined);
        Assert.True(flights.TryLead("b", out var b));
        Assert.True(flights.TryLead("c", out var alone)); // at the cap: leads, but nobody can join it
        Assert.True(flights.TryLead("c", out var aloneToo));
        Assert.NotSame(alone, aloneToo);
        Assert.Equal(2, flights.InFlight);

        flights.Finish(alone, CacheFlightOutcome.Abandoned);
        flights.Finish(a, CacheFlightOutcome.Abandoned);
        flights.Finish(b, CacheFlightOutcome.Abandoned);

        Assert.Equal(0, flights.InFlight);
        Assert.True(flights.TryLead("a", out _)); // a new flight, not the finished one
    }
}
