using Frugal.Core.Accounting;
using Frugal.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace Frugal.Core.Caching;

/// <summary>
/// The exact cache stage: identical requests (same canonical key in the same tenant namespace) are answered from the
/// store, as JSON or replayed as SSE whichever way the answer was first produced. Single-flight: identical concurrent
/// misses make one upstream call (<see cref="CachingStage{TLookup}"/> carries the template; this class the key and the
/// store). A backend failure is a miss, never an error for the client.
/// </summary>
public sealed partial class ExactCacheHandler(
    IGatewayHandler inner,
    CachePolicy policy,
    ICacheStore store,
    CacheFlights flights,
    CacheHits hits,
    CacheRequestLinks links,
    CacheCounters counters,
    TimeProvider time,
    ILogger<ExactCacheHandler> logger) : CachingStage<ExactCacheHandler.ExactLookup>(inner, flights)
{
    /// <summary>Null: not a cacheable request (recorded as a bypass); otherwise the decision and key, or a bad directive.</summary>
    protected override GatewayResult<ExactLookup>? Prepare(GatewayRequest request)
    {
        var decided = policy.Decide(request);
        if (!decided.IsSuccess)
        {
            return decided.Error;
        }

        if (!decided.Value.Cacheable)
        {
            OnBypass(request);
            return null;
        }

        return new ExactLookup(decided.Value, CacheKeyBuilder.ExactKey(decided.Value.Namespace, request.Chat!));
    }

    protected override void OnBypass(GatewayRequest request)
    {
        request.Features.GetOrAdd<CacheFeature>().Outcome = CacheOutcome.Bypass;
        counters.Bypass();
    }

    protected override void OnLead(GatewayRequest request) => request.Features.GetOrAdd<CacheFeature>().Outcome = CacheOutcome.Miss;

    protected override void OnLeaderAnswered() => counters.Miss();

    protected override void OnFlightWait() => counters.FlightWait();

    protected override async ValueTask ServeAsync(GatewayRequest request, ExactLookup lookup, CachedAnswer answer, CancellationToken cancellationToken)
    {
        hits.Record(request, answer, CacheOutcome.Hit);
        counters.Hit();
        await links.LinkExactAsync(request.RequestId, lookup.Key, lookup.Decision.Ttl, cancellationToken).ConfigureAwait(false);
    }

    protected override async ValueTask<CachedAnswer?> LookupAsync(ExactLookup lookup, CancellationToken cancellationToken)
    {
        try
        {
            var entry = await store.GetAsync(lookup.Key, cancellationToken).ConfigureAwait(false);
            return entry is null ? null : CachedAnswer.FromPayload(entry.Payload);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            counters.StoreError();
            LogStoreFailed(logger, "read", ex.GetType().Name, ex.Message);
            return null;
        }
    }

    protected override async ValueTask StoreAsync(GatewayRequest request, ExactLookup lookup, CachedAnswer answer, CancellationToken cancellationToken)
    {
        try
        {
            await store.SetAsync(lookup.Key, new CacheEntry(answer.ToPayload(), time.GetUtcNow() + lookup.Decision.Ttl), cancellationToken).ConfigureAwait(false);
            await links.LinkExactAsync(request.RequestId, lookup.Key, lookup.Decision.Ttl, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            counters.StoreError();
            LogStoreFailed(logger, "write", ex.GetType().Name, ex.Message);
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Cache backend {Operation} failed ({ErrorType}: {ErrorMessage}); answered as a miss")]
    private static partial void LogStoreFailed(ILogger logger, string operation, string errorType, string errorMessage);

    /// <summary>The policy's decision and the canonical key (also the flight key).</summary>
    public sealed class ExactLookup(CacheDecision decision, string key) : CacheLookup(decision)
    {
        public string Key { get; } = key;

        public override string FlightKey => Key;
    }
}
