using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Frugal.MockUpstream;

/// <summary>
/// Thread-safe counters for the provider endpoints (the <c>/mock/*</c> admin endpoints are not counted,
/// so polling stats does not disturb them).
/// </summary>
public sealed class MockStats
{
    private long _total;
    private long _completed;
    private long _clientAborted;
    private long _inFlight;
    private long _hostileBytes;

    // StrongBox lets Interlocked work on dictionary values without AddOrUpdate closures.
    private readonly ConcurrentDictionary<string, StrongBox<long>> _byPath = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StrongBox<long>> _byFault = new(StringComparer.Ordinal);

    /// <summary>Provider requests received.</summary>
    public long TotalRequests => Interlocked.Read(ref _total);

    /// <summary>Requests the mock finished handling without the client going away (error and fault replies included).</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>
    /// Requests whose <c>HttpContext.RequestAborted</c> fired while the mock was still handling them.
    /// A gateway that propagates client disconnects upstream makes this go up.
    /// </summary>
    public long ClientAborted => Interlocked.Read(ref _clientAborted);

    /// <summary>Requests currently being handled.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>
    /// Bytes the endless-* faults wrote before the client left (or the bound was reached): a gateway that
    /// caps what it reads stops the flow near its cap.
    /// </summary>
    public long HostileBytes => Interlocked.Read(ref _hostileBytes);

    /// <summary>Requests received for one exact path (e.g. <c>/v1/chat/completions</c>).</summary>
    public long RequestsFor(string path) => _byPath.TryGetValue(path, out var box) ? Interlocked.Read(ref box.Value) : 0;

    /// <summary>Times a fault kind (e.g. <c>429</c>, <c>disconnect</c>) actually fired.</summary>
    public long FaultsFired(string kind) => _byFault.TryGetValue(kind, out var box) ? Interlocked.Read(ref box.Value) : 0;

    public MockStatsSnapshot Snapshot() => new()
    {
        TotalRequests = TotalRequests,
        Completed = Completed,
        ClientAborted = ClientAborted,
        InFlight = InFlight,
        RequestsByPath = Copy(_byPath),
        FaultsByKind = Copy(_byFault),
    };

    internal void RequestStarted(string path)
    {
        Interlocked.Increment(ref _total);
        Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _byPath.GetOrAdd(path, static _ => new StrongBox<long>()).Value);
    }

    internal void RequestFinished(bool clientAborted)
    {
        Interlocked.Decrement(ref _inFlight);
        Interlocked.Increment(ref clientAborted ? ref _clientAborted : ref _completed);
    }

    internal void HostileBytesWritten(long count) => Interlocked.Add(ref _hostileBytes, count);

    internal void FaultFired(string kind) =>
        Interlocked.Increment(ref _byFault.GetOrAdd(kind, static _ => new StrongBox<long>()).Value);

    internal void Reset()
    {
        // InFlight is deliberately kept: those requests are still running and will decrement it.
        Interlocked.Exchange(ref _total, 0);
        Interlocked.Exchange(ref _completed, 0);
        Interlocked.Exchange(ref _clientAborted, 0);
        Interlocked.Exchange(ref _hostileBytes, 0);
        _byPath.Clear();
        _byFault.Clear();
    }

    private static SortedDictionary<string, long> Copy(ConcurrentDictionary<string, StrongBox<long>> source)
    {
        var copy = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, box) in source)
        {
            copy[key] = Interlocked.Read(ref box.Value);
        }

        return copy;
    }
}
