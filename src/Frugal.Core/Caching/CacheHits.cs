using System.Runtime.CompilerServices;
using Frugal.Core.Accounting;
using Frugal.Core.Pipeline;

namespace Frugal.Core.Caching;

/// <summary>
/// Serves an answer from a cache: the record says hit (cost 0, nothing billed) and saves what the
/// original call would cost at today's prices, so the ledger's saved_usd is real money.
/// </summary>
public sealed class CacheHits(CostEngine costs, TimeProvider time)
{
    public void Record(GatewayRequest request, CachedAnswer answer, CacheOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(answer);
        var cache = request.Features.GetOrAdd<CacheFeature>();
        cache.Outcome = outcome;
        cache.ResolvedModel = answer.ResolvedModel;
        cache.UpstreamModel = answer.UpstreamModel;
        cache.ServedTimestamp = time.GetTimestamp();
        costs.PriceServedFromCache(request, answer.ResolvedModel, answer.UpstreamModel, answer.Usage, outcome == CacheOutcome.SemanticHit ? SavingReason.SemanticCache : SavingReason.Cache);
    }

    /// <summary>The answer replayed as a stream that is already complete (no upstream connection to own).</summary>
    public static ChatStream Replay(CachedAnswer answer) => new(ReplayAsync(answer.ToChunks()));

    private static async IAsyncEnumerable<ChatChunk> ReplayAsync(IReadOnlyList<ChatChunk> chunks, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var chunk in chunks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return chunk;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
