namespace Frugal.Core.Budgets;

/// <summary>
/// Whether the current attempt's output cap was lowered below what the request would otherwise get (a budget nearly
/// spent, a key's output cap). Set by <see cref="BudgetReservationHandler"/> for each attempt; read by the caches:
/// an answer cut there (finish_reason "length") is not this request's normal answer and is never stored.
/// </summary>
public sealed class OutputCapFeature
{
    public bool Lowered { get; set; }
}
