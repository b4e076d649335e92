using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Frugal.MockUpstream;

/// <summary>
/// Decides whether a requested fault fires. Counted faults (<c>times=N:key=K</c>) let a test say
/// "fail twice, then succeed" and watch a gateway's retry/fallback recover; the counter lives in the
/// server, not the request, because each retry is a fresh request.
/// </summary>
internal sealed class FaultGate
{
    private readonly ConcurrentDictionary<string, StrongBox<int>> _counters = new(StringComparer.Ordinal);
    private readonly MockStats _stats;

    public FaultGate(MockStats stats) => _stats = stats;

    /// <summary>The server's counters (the hostile responses count the bytes they write).</summary>
    public MockStats Stats => _stats;

    /// <returns>The fault kind to act on, or null when the request should succeed normally.</returns>
    public string? Resolve(Directives directives, bool stream)
    {
        var kind = directives.Fault;
        if (string.IsNullOrEmpty(kind))
        {
            return null;
        }

        // midstream-error has no meaning without a stream; such requests just succeed (and do not consume a count).
        if (kind == FaultKinds.MidstreamError && !stream)
        {
            return null;
        }

        if (directives.FaultTimes is not null || directives.FaultKey is not null)
        {
            // times without key counts per directive text; key without times means once.
            var key = directives.FaultKey ?? $"{kind}:times={directives.FaultTimes}";
            var times = directives.FaultTimes ?? 1;
            var seen = Interlocked.Increment(ref _counters.GetOrAdd(key, static _ => new StrongBox<int>()).Value);
            if (seen > times)
            {
                return null;
            }
        }

        _stats.FaultFired(kind);
        return kind;
    }

    public void Reset() => _counters.Clear();
}
