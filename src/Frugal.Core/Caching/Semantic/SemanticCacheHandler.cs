using Frugal.Core.Accounting;
using Frugal.Core.Pipeline;

namespace Frugal.Core.Caching.Semantic;

/// <summary>
/// The semantic cache stage, behind the exact one: on an exact miss the last user message is
/// embedded and compared with entries of the same context; a candidate above its threshold is
/// served only if the verifier finds no difference in numbers, units, dates, negation or names.
/// Misses are answered upstream and then added. Better a miss than a wrong hit.
/// </summary>
public sealed class SemanticCacheHandler(
    IGatewayHandler inner,
    CachePolicy policy,
    SemanticCache cache,
    CacheHits hits,
    CacheRequestLinks links,
    CacheCounters counters) : DelegatingGatewayHandler(inner)
{
    public override async ValueTask<GatewayResult<ChatCompletion>> SendAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        if (Prepare(request) is not { } prepared)
        {
            return await Inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var (decision, query) = prepared;
        if (decision.Read && await cache.LookupAsync(query, cancellationToken).ConfigureAwait(false) is { } match)
        {
            await ServeAsync(request, decision, query, match, cancellationToken).ConfigureAwait(false);
            return match.Answer.ToCompletion();
        }

        var result = await Inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (result.IsSuccess && decision.Write && CachedAnswer.From(result.Value, request) is { } answer)
        {
            await AddAsync(request, decision, query, answer, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    public override async ValueTask<GatewayResult<ChatStream>> StreamAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        if (Prepare(request) is not { } prepared)
        {
            return await Inner.StreamAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var (decision, query) = prepared;
        if (decision.Read && await cache.LookupAsync(query, cancellationToken).ConfigureAwait(false) is { } match)
        {
            await ServeAsync(request, decision, query, match, cancellationToken).ConfigureAwait(false);
            return CacheHits.Replay(match.Answer);
        }

        var opened = await Inner.StreamAsync(request, cancellationToken).ConfigureAwait(false);
        if (!opened.IsSuccess || !decision.Write)
        {
            return opened;
        }

        opened.Value.Observe(new AddAtEnd(this, request, decision, query), needsAnswer: true);
        return opened;
    }

    /// <summary>A streamed miss is added once the stream has completed with a whole answer.</summary>
    private sealed class AddAtEnd(SemanticCacheHandler owner, GatewayRequest request, CacheDecision decision, SemanticQuery query) : IStreamObserver
    {
        public void OnChunk(ChatChunk chunk)
        {
        }

        public async ValueTask OnCompletedAsync(StreamCompletion completion)
        {
            if (completion.Answer is { } response && CachedAnswer.From(new ChatCompletion(response), request) is { } answer)
            {
                await owner.AddAsync(request, decision, query, answer, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private (CacheDecision Decision, SemanticQuery Query)? Prepare(GatewayRequest request)
    {
        var decided = policy.Decide(request);
        if (!decided.IsSuccess || !decided.Value.Cacheable)
        {
            return null; // the exact stage in front has answered a bad directive and recorded the bypass
        }

        return SemanticQuery.From(request, decided.Value.Namespace) is { } query ? (decided.Value, query) : null;
    }

    private async ValueTask ServeAsync(GatewayRequest request, CacheDecision decision, SemanticQuery query, SemanticMatch match, CancellationToken cancellationToken)
    {
        hits.Record(request, match.Answer, CacheOutcome.SemanticHit);
        counters.SemanticHit();
        await links.LinkSemanticAsync(request.RequestId, new SemanticLink(match.EntryKey, query.ContextKey, query.Text, match.Similarity, WasHit: true), decision.Ttl, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask AddAsync(GatewayRequest request, CacheDecision decision, SemanticQuery query, CachedAnswer answer, CancellationToken cancellationToken)
    {
        if (await cache.AddAsync(query, answer, decision.Ttl, cancellationToken).ConfigureAwait(false) is { } entryKey)
        {
            await links.LinkSemanticAsync(request.RequestId, new SemanticLink(entryKey, query.ContextKey, query.Text, 1f, WasHit: false), decision.Ttl, cancellationToken).ConfigureAwait(false);
        }
    }
}
