namespace Frugal.Core.Budgets.Alerts;

/// <summary>Fired alerts, kept for <c>frugal report alerts</c> and the budget status (table budget_alerts in frugal.db).</summary>
public interface IBudgetAlertLog
{
    /// <summary>Stores the alert unless this (budget, period, threshold) is stored already.</summary>
    ValueTask AppendAsync(BudgetAlert alert, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<BudgetAlert>> ListAsync(DateTimeOffset since, CancellationToken cancellationToken);
}
