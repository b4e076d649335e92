namespace Frugal.MockUpstream;

/// <summary>Point-in-time copy of <see cref="MockStats"/>; this is what <c>GET /mock/stats</c> returns.</summary>
public sealed class MockStatsSnapshot
{
    public required long TotalRequests { get; init; }

    public required long Completed { get; init; }

    public required long ClientAborted { get; init; }

    public required long InFlight { get; init; }

    public required IReadOnlyDictionary<string, long> RequestsByPath { get; init; }

    public required IReadOnlyDictionary<string, long> FaultsByKind { get; init; }
}
