using Frugal.Core.Caching;
using Frugal.Core.Dispatch;
using Frugal.Core.Pipeline;

namespace Frugal.Core.Budgets;

/// <summary>
/// Admission (just inside the ledger, before caches and routing): rate limits per minute, budget
/// threshold blocks and the downgrade request for routing. After the call it adds the output tokens
/// to tokens-per-minute. Reserving money happens per attempt in <see cref="BudgetReservationHandler"/>.
/// </summary>
public sealed class BudgetAdmissionHandler(IGatewayHandler inner, BudgetGuard guard) : DelegatingGatewayHandler(inner)
{
    public override async ValueTask<GatewayResult<ChatCompletion>> SendAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        if (await guard.AdmitAsync(request, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        var result = await Inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await CountOutputAsync(request).ConfigureAwait(false);
        return result;
    }

    public override async ValueTask<GatewayResult<EmbeddingResult>> EmbedAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        if (await guard.AdmitAsync(request, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        return await Inner.EmbedAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<GatewayResult<ChatStream>> StreamAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        if (await guard.AdmitAsync(request, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        var result = await Inner.StreamAsync(request, cancellationToken).ConfigureAwait(false);
        if (result.IsSuccess)
        {
            result.Value.Observe(new CountAtEnd(this, request));
        }

        return result;
    }

    private ValueTask CountOutputAsync(GatewayRequest request)
        => BudgetGuard.TryGetTicket(request, out var ticket) && request.Features.Get<CacheFeature>() is not { IsHit: true }
            ? guard.CountOutputAsync(ticket, request.Features.Get<UpstreamCallFeature>()?.Usage.OutputTokens ?? 0)
            : ValueTask.CompletedTask;

    /// <summary>Counts a stream's output towards tokens-per-minute once it has been read (to its end or not); a stream never read counts nothing.</summary>
    private sealed class CountAtEnd(BudgetAdmissionHandler owner, GatewayRequest request) : IStreamObserver
    {
        public void OnChunk(ChatChunk chunk)
        {
        }

        public ValueTask OnCompletedAsync(StreamCompletion completion)
            => completion.How == StreamEnd.DisposedUnread ? ValueTask.CompletedTask : owner.CountOutputAsync(request);
    }
}
