using System.Runtime.CompilerServices;
using Frugal.Core.Accounting;
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
        return result.IsSuccess ? result.Value.With(CountAtEndAsync(request, result.Value.Chunks, cancellationToken)) : result;
    }

    private async IAsyncEnumerable<ChatChunk> CountAtEndAsync(GatewayRequest request, IAsyncEnumerable<ChatChunk> chunks, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                yield return chunk;
            }
        }
        finally
        {
            await CountOutputAsync(request).ConfigureAwait(false);
        }
    }

    private ValueTask CountOutputAsync(GatewayRequest request)
        => guard.TryGetTicket(request, out var ticket) && request.Record.CacheOutcome is not (CacheOutcome.Hit or CacheOutcome.SemanticHit)
            ? guard.CountOutputAsync(ticket, request.Record.Usage.OutputTokens)
            : ValueTask.CompletedTask;
}
