using Frugal.Core.Accounting;
using Frugal.Core.Pipeline;

namespace Frugal.Core.Caching.Semantic;

/// <summary>
/// The semantic cache stage, behind the exact one: on an exact miss the last user message is embedded and compared
/// with entries of the same context; a candidate above its threshold is served only if the verifier finds no difference
/// in numbers, units, dates, negation or names. Misses are answered upstream and then added. Better a miss than a
/// wrong hit. A hit sets <see cref="CacheFeature.Outcome"/> to semantic-hit, which tells the exact stage in front
/// that this answer is not an exact answer for its key. <see cref="CachingStage{TLookup}"/> carries the template.
/// </summary>
public sealed class SemanticCacheHandler(
    IGatewayHandler inner,
    CachePolicy policy,
    SemanticCache cache,
    CacheHits hits,
    CacheRequestLinks links,
    CacheCounters counters) : CachingStage<SemanticCacheHandler.SemanticLookup>(inner, flights: null)
{
    protected override GatewayResult<SemanticLookup>? Prepare(GatewayRequest request)
    {
        var decided = policy.Decide(request);
        if (!decided.IsSuccess || !decided.Value.Cacheable)
        {
            return null; // the exact stage in front has answered a bad directive and recorded the bypass
        }

        if (SemanticQuery.From(request, decided.Value.Namespace) is not { } query)
        {
            return null;
        }

        return new SemanticLookup(decided.Value, query);
    }

    protected override async ValueTask<CachedAnswer?> LookupAsync(SemanticLookup lookup, CancellationToken cancellationToken)
    {
        lookup.Match = await cache.LookupAsync(lookup.Query, cancellationToken).ConfigureAwait(false);
        return lookup.Match?.Answer;
    }

    protected override async ValueTask ServeAsync(GatewayRequest request, SemanticLookup lookup, CachedAnswer answer, CancellationToken cancellationToken)
    {
        var match = lookup.Match!;
        hits.Record(request, answer, CacheOutcome.SemanticHit);
        counters.SemanticHit();
        await links.LinkSemanticAsync(request.RequestId, new SemanticLink(match.EntryKey, lookup.Query.ContextKey, lookup.Query.Text, match.Similarity, WasHit: true), lookup.Decision.Ttl, cancellationToken).ConfigureAwait(false);
    }

    protected override async ValueTask StoreAsync(GatewayRequest request, SemanticLookup lookup, CachedAnswer answer, CancellationToken cancellationToken)
    {
        if (await cache.AddAsync(lookup.Query, answer, lookup.Decision.Ttl, cancellationToken).ConfigureAwait(false) is { } entryKey)
        {
            await links.LinkSemanticAsync(request.RequestId, new SemanticLink(entryKey, lookup.Query.ContextKey, lookup.Query.Text, 1f, WasHit: false), lookup.Decision.Ttl, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The policy's decision, the embedded query, and the match a lookup found (what a hit is linked to).</summary>
    public sealed class SemanticLookup(CacheDecision decision, SemanticQuery query) : CacheLookup(decision)
    {
        public SemanticQuery Query { get; } = query;

        public SemanticMatch? Match { get; set; }
    }
}
