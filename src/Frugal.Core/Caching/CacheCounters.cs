using Frugal.Core.Diagnostics;

namespace Frugal.Core.Caching;

/// <summary>
/// What the caches did since start (cheap interlocked counters), also exported on the "Frugal" meter
/// as <c>frugal.cache.requests{outcome}</c>, <c>frugal.cache.flight_waits</c>,
/// <c>frugal.cache.verifier_rejections</c> and <c>frugal.cache.backend_errors</c>.
/// </summary>
public sealed class CacheCounters
{
    public CacheCounters(FrugalMetrics? metrics = null)
    {
        if (metrics is null)
        {
            return;
        }

        metrics.Meter.CreateObservableCounter("frugal.cache.requests", () => new[]
        {
            new System.Diagnostics.Metrics.Measurement<long>(Hits, new KeyValuePair<string, object?>("outcome", "hit")),
            new System.Diagnostics.Metrics.Measurement<long>(SemanticHits, new KeyValuePair<string, object?>("outcome", "semantic-hit")),
            new System.Diagnostics.Metrics.Measurement<long>(Misses, new KeyValuePair<string, object?>("outcome", "miss")),
            new System.Diagnostics.Metrics.Measurement<long>(Bypasses, new KeyValuePair<string, object?>("outcome", "bypass")),
        }, description: "Chat requests by cache outcome");
        metrics.Meter.CreateObservableCounter("frugal.cache.flight_waits", () => FlightWaits, description: "Requests that waited for an identical in-flight miss instead of calling upstream");
        metrics.Meter.CreateObservableCounter("frugal.cache.verifier_rejections", () => VerifierRejections, description: "Semantic candidates above the threshold that the verifier rejected");
        metrics.Meter.CreateObservableCounter("frugal.cache.backend_errors", () => StoreErrors, description: "Cache backend or embedder failures answered as misses");
    }

    private long _hits;
    private long _semanticHits;
    private long _misses;
    private long _bypasses;
    private long _flightWaits;
    private long _verifierRejections;
    private long _storeErrors;

    public long Hits => Interlocked.Read(ref _hits);

    public long SemanticHits => Interlocked.Read(ref _semanticHits);

    public long Misses => Interlocked.Read(ref _misses);

    public long Bypasses => Interlocked.Read(ref _bypasses);

    /// <summary>Requests that waited for an identical in-flight miss instead of calling upstream.</summary>
    public long FlightWaits => Interlocked.Read(ref _flightWaits);

    /// <summary>Semantic candidates above the threshold that the verifier turned down.</summary>
    public long VerifierRejections => Interlocked.Read(ref _verifierRejections);

    /// <summary>Backend failures that were answered as misses.</summary>
    public long StoreErrors => Interlocked.Read(ref _storeErrors);

    public void Hit() => Interlocked.Increment(ref _hits);

    public void SemanticHit() => Interlocked.Increment(ref _semanticHits);

    public void Miss() => Interlocked.Increment(ref _misses);

    public void Bypass() => Interlocked.Increment(ref _bypasses);

    public void FlightWait() => Interlocked.Increment(ref _flightWaits);

    public void VerifierRejection() => Interlocked.Increment(ref _verifierRejections);

    public void StoreError() => Interlocked.Increment(ref _storeErrors);
}
