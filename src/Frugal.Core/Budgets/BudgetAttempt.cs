using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Dispatch;
using Frugal.Core.Pipeline;

namespace Frugal.Core.Budgets;

/// <summary>
/// One attempt's reservation: what was granted, the output cap the grant (or the key's cap) allows,
/// and a settlement that happens exactly once however the attempt ends.
/// </summary>
public sealed class BudgetAttempt(BudgetGuard guard, BudgetTicket ticket, string reservationId, ModelPrice? price, decimal grantedUsd, int? outputCap, string? capReason, bool reserved)
{
    private int _settled;

    public BudgetTicket Ticket => ticket;

    public ModelPrice? Price => price;

    /// <summary>Most output tokens per choice this attempt may produce; null = no cap.</summary>
    public int? OutputCap => outputCap;

    /// <summary>Why the cap is what it is (ends up in the stream's <c>x_frugal_note</c>).</summary>
    public string? CapReason => capReason;

    /// <summary>Settles with what the request's upstream usage cost (0 releases the reservation).</summary>
    public ValueTask SettleAsync(GatewayRequest request)
    {
        if (Interlocked.Exchange(ref _settled, 1) == 1 || !reserved)
        {
            return ValueTask.CompletedTask;
        }

        return guard.SettleAsync(ticket, reservationId, ActualCost(request.Features.Get<UpstreamCallFeature>()));
    }

    public ValueTask ReleaseAsync()
    {
        if (Interlocked.Exchange(ref _settled, 1) == 1 || !reserved)
        {
            return ValueTask.CompletedTask;
        }

        return guard.SettleAsync(ticket, reservationId, 0m);
    }

    /// <summary>
    /// The usage's price. The usage comes from the upstream (or the stream's count): an absurd figure that
    /// overflows decimal books the grant — the most this attempt was allowed to spend — so the settlement
    /// (which frees the reservation) still happens.
    /// </summary>
    private decimal ActualCost(UpstreamCallFeature? upstream)
    {
        if (price is null || upstream is null)
        {
            return 0m;
        }

        try
        {
            return BudgetPricing.Cost(price, upstream.Usage, upstream.Batched);
        }
        catch (OverflowException)
        {
            return grantedUsd;
        }
    }
}
