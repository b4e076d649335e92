using Frugal.Core.Accounting;
using Frugal.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace Frugal.Core.Caching;

/// <summary>
/// The exact cache stage: identical requests (same canonical key in the same tenant namespace)
/// are answered from the store, as JSON or replayed as SSE whichever way the answer was first
/// produced. Identical concurrent misses make one upstream call: the first leads, the rest wait
/// for its answer (a streaming leader streams live; its waiters get the replay when it is done).
/// A backend failure is a miss, never an error for the client.
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
    ILogger<ExactCacheHandler> logger) : DelegatingGatewayHandler(inner)
{
    /// <summary>
    /// Waiters whose leader failed try again (one of them leads the next flight) this many times in
    /// all; after that they get the last leader's error instead of stampeding a failing upstream.
    /// </summary>
    private const int MaxFlightRounds = 3;

    public override async ValueTask<GatewayResult<ChatCompletion>> SendAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        if (Prepare(request) is not { } prepared)
        {
            return await Inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (!prepared.IsSuccess)
        {
            return prepared.Error;
        }

        var (decision, key) = prepared.Value;
        if (!decision.Read)
        {
            request.Features.GetOrAdd<CacheFeature>().Outcome = CacheOutcome.Bypass;
            counters.Bypass();
            var direct = await Inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (direct.IsSuccess && decision.Write && request.Features.Get<CacheFeature>()?.Outcome != CacheOutcome.SemanticHit)
            {
                await StoreAsync(request, key, decision, CachedAnswer.From(direct.Value, request), cancellationToken).ConfigureAwait(false);
            }

            return direct;
        }

        GatewayError? lastError = null;
        for (var round = 0; round < MaxFlightRounds; round++)
        {
            if (await GetAsync(key, cancellationToken).ConfigureAwait(false) is { } cached)
            {
                return await ServeAsync(request, key, decision, cached, cancellationToken).ConfigureAwait(false);
            }

            if (flights.TryLead(key, out var flight))
            {
                return await LeadSendAsync(request, key, decision, flight, cancellationToken).ConfigureAwait(false);
            }

            counters.FlightWait();
            if (await WaitAsync(flight, cancellationToken).ConfigureAwait(false) is not { } outcome)
            {
                return GatewayError.ClientClosed(); // as dispatch answers a client that left
            }

            if (outcome.Answer is { } shared)
            {
                return await ServeAsync(request, key, decision, shared, cancellationToken).ConfigureAwait(false);
            }

            if (outcome.PassThrough)
            {
                return await Inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }

            if (outcome.Error is { Retryable: false, Kind: not GatewayErrorKind.ClientClosed } final)
            {
                return final; // the same request would fail the same way: no point asking again
            }

            lastError = outcome.Error ?? lastError;
        }

        return lastError ?? GatewayError.UpstreamFailed("cache", "identical requests kept failing upstream");
    }

    public override async ValueTask<GatewayResult<ChatStream>> StreamAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        if (Prepare(request) is not { } prepared)
        {
            return await Inner.StreamAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (!prepared.IsSuccess)
        {
            return prepared.Error;
        }

        var (decision, key) = prepared.Value;
        if (!decision.Read)
        {
            request.Features.GetOrAdd<CacheFeature>().Outcome = CacheOutcome.Bypass;
            counters.Bypass();
            return await OpenAndCaptureAsync(request, key, decision, flight: null, cancellationToken).ConfigureAwait(false);
        }

        GatewayError? lastError = null;
        for (var round = 0; round < MaxFlightRounds; round++)
        {
            if (await GetAsync(key, cancellationToken).ConfigureAwait(false) is { } cached)
            {
                await ServeAsync(request, key, decision, cached, cancellationToken).ConfigureAwait(false);
                return CacheHits.Replay(cached);
            }

            if (flights.TryLead(key, out var flight))
            {
                request.Features.GetOrAdd<CacheFeature>().Outcome = CacheOutcome.Miss;
                return await OpenAndCaptureAsync(request, key, decision, flight, cancellationToken).ConfigureAwait(false);
            }

            counters.FlightWait();
            if (await WaitAsync(flight, cancellationToken).ConfigureAwait(false) is not { } outcome)
            {
                return GatewayError.ClientClosed(); // as dispatch answers a client that left
            }

            if (outcome.Answer is { } shared)
            {
                await ServeAsync(request, key, decision, shared, cancellationToken).ConfigureAwait(false);
                return CacheHits.Replay(shared);
            }

            if (outcome.PassThrough)
            {
                return await Inner.StreamAsync(request, cancellationToken).ConfigureAwait(false);
            }

            if (outcome.Error is { Retryable: false, Kind: not GatewayErrorKind.ClientClosed } final)
            {
                return final;
            }

            lastError = outcome.Error ?? lastError;
        }

        return lastError ?? GatewayError.UpstreamFailed("cache", "identical requests kept failing upstream");
    }

    /// <summary>The leader's outcome, or null when this request's client left while waiting.</summary>
    private static async ValueTask<CacheFlightOutcome?> WaitAsync(CacheFlight flight, CancellationToken cancellationToken)
    {
        try
        {
            return await flight.Outcome.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Null: not a cacheable request (recorded as a bypass); otherwise the decision and key, or a bad directive.</summary>
    private GatewayResult<PreparedRequest>? Prepare(GatewayRequest request)
    {
        var decided = policy.Decide(request);
        if (!decided.IsSuccess)
        {
            return decided.Error;
        }

        if (!decided.Value.Cacheable)
        {
            request.Features.GetOrAdd<CacheFeature>().Outcome = CacheOutcome.Bypass;
            counters.Bypass();
            return null;
        }

        return new PreparedRequest(decided.Value, CacheKeyBuilder.ExactKey(decided.Value.Namespace, request.Chat!));
    }

    private async ValueTask<GatewayResult<ChatCompletion>> LeadSendAsync(GatewayRequest request, string key, CacheDecision decision, CacheFlight flight, CancellationToken cancellationToken)
    {
        var outcome = CacheFlightOutcome.Abandoned;
        try
        {
            request.Features.GetOrAdd<CacheFeature>().Outcome = CacheOutcome.Miss;
            var result = await Inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                outcome = new CacheFlightOutcome(null, result.Error);
                return result;
            }

            if (request.Features.Get<CacheFeature>()?.Outcome == CacheOutcome.SemanticHit)
            {
                outcome = CacheFlightOutcome.GoAhead; // not an exact answer for this key: each waiter asks the semantic cache itself
                return result;
            }

            counters.Miss();
            var answer = CachedAnswer.From(result.Value, request);
            outcome = new CacheFlightOutcome(answer, null, PassThrough: answer is null);
            if (decision.Write)
            {
                await StoreAsync(request, key, decision, answer, cancellationToken).ConfigureAwait(false);
            }

            return result;
        }
        finally
        {
            flights.Finish(flight, outcome);
        }
    }

    /// <summary>Opens the stream; the answer is stored (and the flight finished) when the stream ends, whoever ends it.</summary>
    private async ValueTask<GatewayResult<ChatStream>> OpenAndCaptureAsync(GatewayRequest request, string key, CacheDecision decision, CacheFlight? flight, CancellationToken cancellationToken)
    {
        GatewayResult<ChatStream> opened;
        try
        {
            opened = await Inner.StreamAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Finish(flight, CacheFlightOutcome.Abandoned);
            throw;
        }

        if (!opened.IsSuccess)
        {
            Finish(flight, new CacheFlightOutcome(null, opened.Error));
            return opened;
        }

        if (request.Features.Get<CacheFeature>()?.Outcome == CacheOutcome.SemanticHit)
        {
            Finish(flight, CacheFlightOutcome.GoAhead);
            return opened;
        }

        if (flight is not null)
        {
            counters.Miss();
        }

        opened.Value.Observe(new StoreAtEnd(this, request, key, decision, flight), needsAnswer: true);
        return opened;
    }

    /// <summary>A streamed miss: stored (and the flight finished) when the stream ends, whoever ends it; only a complete answer is an answer.</summary>
    private sealed class StoreAtEnd(ExactCacheHandler owner, GatewayRequest request, string key, CacheDecision decision, CacheFlight? flight) : IStreamObserver
    {
        public void OnChunk(ChatChunk chunk)
        {
        }

        public async ValueTask OnCompletedAsync(StreamCompletion completion)
        {
            var answer = completion.Answer is { } response ? CachedAnswer.From(new ChatCompletion(response), request) : null;
            if (answer is not null && decision.Write)
            {
                // The client's token may already be cancelled once the stream is over; storing must not depend on it.
                await owner.StoreAsync(request, key, decision, answer, CancellationToken.None).ConfigureAwait(false);
            }

            owner.Finish(flight, answer is null ? CacheFlightOutcome.Abandoned : new CacheFlightOutcome(answer, null));
        }
    }

    private void Finish(CacheFlight? flight, CacheFlightOutcome outcome)
    {
        if (flight is not null)
        {
            flights.Finish(flight, outcome);
        }
    }

    private async ValueTask<GatewayResult<ChatCompletion>> ServeAsync(GatewayRequest request, string key, CacheDecision decision, CachedAnswer answer, CancellationToken cancellationToken)
    {
        hits.Record(request, answer, CacheOutcome.Hit);
        counters.Hit();
        await links.LinkExactAsync(request.RequestId, key, decision.Ttl, cancellationToken).ConfigureAwait(false);
        return answer.ToCompletion();
    }

    private async ValueTask<CachedAnswer?> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var entry = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            return entry is null ? null : CachedAnswer.FromPayload(entry.Payload);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            counters.StoreError();
            LogStoreFailed(logger, "read", ex.GetType().Name, ex.Message);
            return null;
        }
    }

    private async ValueTask StoreAsync(GatewayRequest request, string key, CacheDecision decision, CachedAnswer? answer, CancellationToken cancellationToken)
    {
        if (answer is null)
        {
            return;
        }

        try
        {
            await store.SetAsync(key, new CacheEntry(answer.ToPayload(), time.GetUtcNow() + decision.Ttl), cancellationToken).ConfigureAwait(false);
            await links.LinkExactAsync(request.RequestId, key, decision.Ttl, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            counters.StoreError();
            LogStoreFailed(logger, "write", ex.GetType().Name, ex.Message);
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Cache backend {Operation} failed ({ErrorType}: {ErrorMessage}); answered as a miss")]
    private static partial void LogStoreFailed(ILogger logger, string operation, string errorType, string errorMessage);

    private sealed record PreparedRequest(CacheDecision Decision, string Key);
}
