using Frugal.Core.Accounting;
using Frugal.Core.Pipeline;

namespace Frugal.Core.Caching;

/// <summary>
/// The template of a cache stage (as Microsoft.Extensions.AI's CachingChatClient carries one): decide with the cache
/// policy (<see cref="Prepare"/>), look up, serve a hit (as JSON, or replayed as a stream), and on a miss call the inner
/// stages and store the answer once it is COMPLETE — a non-streamed result, or a stream's assembled answer when the
/// stream completed; never an answer cut at a lowered output cap (<see cref="CachedAnswer.From"/> refuses those), and
/// never an answer an inner cache served (<see cref="CacheFeature"/> says so: it is not this cache's answer for this key).
/// Subclasses carry only the key and the storage.
/// <para>
/// With <paramref name="flights"/> (single-flight) identical concurrent misses make one upstream call: the first leads,
/// the rest wait for its answer (a streaming leader streams live; its waiters get the replay when it is done). Waiters
/// whose leader failed try again (one of them leads the next flight), <see cref="MaxFlightRounds"/> times in all.
/// </para>
/// </summary>
public abstract class CachingStage<TLookup>(IGatewayHandler inner, CacheFlights? flights) : DelegatingGatewayHandler(inner)
    where TLookup : CacheLookup
{
    /// <summary>
    /// Waiters whose leader failed try again this many times in all; after that they get the last leader's error
    /// instead of stampeding a failing upstream.
    /// </summary>
    protected const int MaxFlightRounds = 3;

    public sealed override async ValueTask<GatewayResult<ChatCompletion>> SendAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        if (Prepare(request) is not { } prepared)
        {
            return await Inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (!prepared.IsSuccess)
        {
            return prepared.Error;
        }

        var lookup = prepared.Value;
        if (!lookup.Decision.Read)
        {
            OnBypass(request);
            return await MissAsync(request, lookup, flight: null, cancellationToken).ConfigureAwait(false);
        }

        if (flights is null)
        {
            if (await LookupAsync(lookup, cancellationToken).ConfigureAwait(false) is { } cached)
            {
                await ServeAsync(request, lookup, cached, cancellationToken).ConfigureAwait(false);
                return cached.ToCompletion();
            }

            return await MissAsync(request, lookup, flight: null, cancellationToken).ConfigureAwait(false);
        }

        GatewayError? lastError = null;
        for (var round = 0; round < MaxFlightRounds; round++)
        {
            if (await LookupAsync(lookup, cancellationToken).ConfigureAwait(false) is { } cached)
            {
                await ServeAsync(request, lookup, cached, cancellationToken).ConfigureAwait(false);
                return cached.ToCompletion();
            }

            if (flights.TryLead(lookup.FlightKey, out var flight))
            {
                return await MissAsync(request, lookup, flight, cancellationToken).ConfigureAwait(false);
            }

            OnFlightWait();
            if (await WaitAsync(flight, cancellationToken).ConfigureAwait(false) is not { } outcome)
            {
                return GatewayError.ClientClosed(); // as dispatch answers a client that left
            }

            if (outcome.Answer is { } shared)
            {
                await ServeAsync(request, lookup, shared, cancellationToken).ConfigureAwait(false);
                return shared.ToCompletion();
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

    public sealed override async ValueTask<GatewayResult<ChatStream>> StreamAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        if (Prepare(request) is not { } prepared)
        {
            return await Inner.StreamAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (!prepared.IsSuccess)
        {
            return prepared.Error;
        }

        var lookup = prepared.Value;
        if (!lookup.Decision.Read)
        {
            OnBypass(request);
            return await OpenMissAsync(request, lookup, flight: null, cancellationToken).ConfigureAwait(false);
        }

        if (flights is null)
        {
            if (await LookupAsync(lookup, cancellationToken).ConfigureAwait(false) is { } cached)
            {
                await ServeAsync(request, lookup, cached, cancellationToken).ConfigureAwait(false);
                return CacheHits.Replay(cached);
            }

            return await OpenMissAsync(request, lookup, flight: null, cancellationToken).ConfigureAwait(false);
        }

        GatewayError? lastError = null;
        for (var round = 0; round < MaxFlightRounds; round++)
        {
            if (await LookupAsync(lookup, cancellationToken).ConfigureAwait(false) is { } cached)
            {
                await ServeAsync(request, lookup, cached, cancellationToken).ConfigureAwait(false);
                return CacheHits.Replay(cached);
            }

            if (flights.TryLead(lookup.FlightKey, out var flight))
            {
                return await OpenMissAsync(request, lookup, flight, cancellationToken).ConfigureAwait(false);
            }

            OnFlightWait();
            if (await WaitAsync(flight, cancellationToken).ConfigureAwait(false) is not { } outcome)
            {
                return GatewayError.ClientClosed(); // as dispatch answers a client that left
            }

            if (outcome.Answer is { } shared)
            {
                await ServeAsync(request, lookup, shared, cancellationToken).ConfigureAwait(false);
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

    /// <summary>The policy's decision and this cache's key; null = not for this cache (passed through); an error = a bad directive.</summary>
    protected abstract GatewayResult<TLookup>? Prepare(GatewayRequest request);

    /// <summary>The stored answer, or null (a miss; a backend failure is a miss too, never an error for the client).</summary>
    protected abstract ValueTask<CachedAnswer?> LookupAsync(TLookup lookup, CancellationToken cancellationToken);

    /// <summary>Records a hit (outcome, saving, counters, feedback link) before the answer is returned.</summary>
    protected abstract ValueTask ServeAsync(GatewayRequest request, TLookup lookup, CachedAnswer answer, CancellationToken cancellationToken);

    /// <summary>Stores a complete answer of a miss (only when the decision allows writing).</summary>
    protected abstract ValueTask StoreAsync(GatewayRequest request, TLookup lookup, CachedAnswer answer, CancellationToken cancellationToken);

    /// <summary>The decision says not to read (a no-cache directive): the call goes upstream, and may still be stored.</summary>
    protected virtual void OnBypass(GatewayRequest request)
    {
    }

    /// <summary>This request leads a flight: it is about to call upstream for its key.</summary>
    protected virtual void OnLead(GatewayRequest request)
    {
    }

    /// <summary>A flight's leader got an answer upstream (not from an inner cache).</summary>
    protected virtual void OnLeaderAnswered()
    {
    }

    /// <summary>This request waits for another request's flight.</summary>
    protected virtual void OnFlightWait()
    {
    }

    /// <summary>True when an inner cache stage served the request: its answer is not this cache's answer for this key.</summary>
    private static bool AnsweredByInnerCache(GatewayRequest request) => request.Features.Get<CacheFeature>()?.Outcome == CacheOutcome.SemanticHit;

    private async ValueTask<GatewayResult<ChatCompletion>> MissAsync(GatewayRequest request, TLookup lookup, CacheFlight? flight, CancellationToken cancellationToken)
    {
        var outcome = CacheFlightOutcome.Abandoned;
        try
        {
            if (flight is not null)
            {
                OnLead(request);
            }

            var result = await Inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                outcome = new CacheFlightOutcome(null, result.Error);
                return result;
            }

            if (AnsweredByInnerCache(request))
            {
                outcome = CacheFlightOutcome.GoAhead; // each waiter asks the inner cache itself
                return result;
            }

            if (flight is null && !lookup.Decision.Write)
            {
                return result; // nothing to store and no flight to finish
            }

            if (flight is not null)
            {
                OnLeaderAnswered();
            }

            var answer = CachedAnswer.From(result.Value, request);
            outcome = new CacheFlightOutcome(answer, null, PassThrough: answer is null);
            if (answer is not null && lookup.Decision.Write)
            {
                await StoreAsync(request, lookup, answer, cancellationToken).ConfigureAwait(false);
            }

            return result;
        }
        finally
        {
            Finish(flight, outcome);
        }
    }

    /// <summary>Opens the stream; the answer is stored (and the flight finished) when the stream ends, whoever ends it.</summary>
    private async ValueTask<GatewayResult<ChatStream>> OpenMissAsync(GatewayRequest request, TLookup lookup, CacheFlight? flight, CancellationToken cancellationToken)
    {
        if (flight is not null)
        {
            OnLead(request);
        }

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

        if (AnsweredByInnerCache(request))
        {
            Finish(flight, CacheFlightOutcome.GoAhead);
            return opened;
        }

        if (flight is not null)
        {
            OnLeaderAnswered();
        }
        else if (!lookup.Decision.Write)
        {
            return opened; // nothing to store and no flight to finish
        }

        opened.Value.Observe(new StoreAtEnd(this, request, lookup, flight), needsAnswer: true);
        return opened;
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

    private void Finish(CacheFlight? flight, CacheFlightOutcome outcome)
    {
        if (flight is not null)
        {
            flights!.Finish(flight, outcome);
        }
    }

    /// <summary>A streamed miss: stored (and its flight finished) when the stream ends; only a completed stream's whole answer is an answer.</summary>
    private sealed class StoreAtEnd(CachingStage<TLookup> owner, GatewayRequest request, TLookup lookup, CacheFlight? flight) : IStreamObserver
    {
        public void OnChunk(ChatChunk chunk)
        {
        }

        public async ValueTask OnCompletedAsync(StreamCompletion completion)
        {
            var answer = completion.Answer is { } response ? CachedAnswer.From(new ChatCompletion(response), request) : null;
            if (answer is not null && lookup.Decision.Write)
            {
                // The client's token may already be cancelled once the stream is over; storing must not depend on it.
                await owner.StoreAsync(request, lookup, answer, CancellationToken.None).ConfigureAwait(false);
            }

            owner.Finish(flight, answer is null ? CacheFlightOutcome.Abandoned : new CacheFlightOutcome(answer, null));
        }
    }
}
