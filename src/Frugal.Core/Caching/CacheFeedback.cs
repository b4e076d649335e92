using Frugal.Core.Caching.Semantic;

namespace Frugal.Core.Caching;

/// <summary>
/// "This answer was wrong" for a request id: evicts the exact and semantic entries that answered
/// (or were written by) that request, and tightens the semantic neighbourhood of its query so the
/// same mistake is not made again. Works from any process sharing the backend.
/// </summary>
public sealed class CacheFeedback(ICacheStore store, CacheRequestLinks links, SemanticCache? semantic)
{
    /// <summary>Null when the request id is unknown (never cached, expired, or already reported).</summary>
    public async ValueTask<CacheFeedbackResult?> ReportWrongAsync(string requestId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        var exactKey = await links.TakeExactAsync(requestId, cancellationToken).ConfigureAwait(false);
        var semanticLink = await links.TakeSemanticAsync(requestId, cancellationToken).ConfigureAwait(false);
        if (exactKey is null && semanticLink is null)
        {
            return null;
        }

        var exactEvicted = false;
        if (exactKey is not null)
        {
            // A wrong exact answer is wrong everywhere it is stored: find the request that produced it
            // and drop the semantic entry that request wrote too.
            if (semanticLink is null && await store.GetAsync(exactKey, cancellationToken).ConfigureAwait(false) is { } stored
                && CachedAnswer.FromPayload(stored.Payload)?.OriginRequestId is { } origin)
            {
                semanticLink = await links.TakeSemanticAsync(origin, cancellationToken).ConfigureAwait(false);
            }

            exactEvicted = await store.RemoveAsync(exactKey, cancellationToken).ConfigureAwait(false);
        }

        var tightened = 0;
        if (semanticLink is not null)
        {
            if (semantic is not null)
            {
                tightened = await semantic.ReportWrongAsync(semanticLink, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await store.RemoveAsync(semanticLink.EntryKey, cancellationToken).ConfigureAwait(false);
            }
        }

        return new CacheFeedbackResult(exactEvicted, semanticLink is not null, tightened);
    }
}
