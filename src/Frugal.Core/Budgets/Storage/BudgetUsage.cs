using Frugal.Core.Budgets.Config;

namespace Frugal.Core.Budgets.Storage;

/// <summary>A budget's current window: spend settled, reservations in flight, and when it frees up.</summary>
public sealed record BudgetUsage(BudgetDefinition Budget, decimal SpentUsd, decimal ReservedUsd, DateTimeOffset ResetsAt)
{
    public decimal RemainingUsd => Budget.LimitUsd - SpentUsd - ReservedUsd;

    /// <summary>Spent + reserved as a share of the limit (admission decisions count what is in flight).</summary>
    public decimal Committed => Budget.LimitUsd <= 0 ? 1m : (SpentUsd + ReservedUsd) / Budget.LimitUsd;

    /// <summary>Spent only (alerts are about money actually spent).</summary>
    public decimal Spent => Budget.LimitUsd <= 0 ? 1m : SpentUsd / Budget.LimitUsd;
}
