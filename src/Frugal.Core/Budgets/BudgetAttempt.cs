using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Pipeline;

namespace Frugal.Core.Budgets;

/// <summary>
/// One attempt's reservation: what was granted, the output cap the grant (or the key's cap) allows,
/// and a settlement that happens exactly once however the attempt ends.
/// </summary>
public sealed class BudgetAttempt(BudgetGuard guard, BudgetTicket ticket, string reservationId, ModelPrice? price, int? outputCap, string? capReason, bool reserved)
{
    private int _settled;

    public BudgetTicket Ticket => ticket;

    public ModelPrice? Price => price;

    /// <summary>Most output tokens per choice this attempt may produce; null = no cap.</summary>
    public int? OutputCap => outputCap;

    /// <summary>Why the cap is what it is (ends up in the stream's <c>x_frugal_note</c>).</summary>
    public string? CapReason => capReason;

    /// <summary>Settles with what <paramref name="record"/>'s usage cost (0 releases the reservation).</summary>
    public ValueTask SettleAsync(CallRecord record)
    {
        if (Interlocked.Exchange(ref _settled, 1) == 1 || !reserved)
        {
            return ValueTask.CompletedTask;
        }

        var actual = price is null ? 0m : BudgetPricing.Cost(price, record.Usage, record.Batched);
        return guard.SettleAsync(ticket, reservationId, actual);
    }

    public ValueTask ReleaseAsync()
    {
        if (Interlocked.Exchange(ref _settled, 1) == 1 || !reserved)
        {
            return ValueTask.CompletedTask;
        }

        return guard.SettleAsync(ticket, reservationId, 0m);
    }
}
