using Frugal.Core.Budgets.Alerts;
using Frugal.Core.Budgets.Storage;

namespace Frugal.Core.Budgets;

/// <summary>Budget state for the dashboard and <c>GET /admin/budgets</c>: every budget in force, its window and the alerts fired in it.</summary>
public sealed class BudgetStatusSource(BudgetCatalog catalog, IBudgetStore store, IBudgetAlertLog alerts, TimeProvider time) : IBudgetStatusSource
{
    public async ValueTask<IReadOnlyList<BudgetStatus>> SnapshotAsync(CancellationToken cancellationToken)
    {
        var budgets = catalog.All;
        if (budgets.Count == 0)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var usages = await store.UsageAsync(budgets, now, cancellationToken).ConfigureAwait(false);
        var since = budgets.Min(b => b.Window.AlertPeriod(now));
        var fired = await alerts.ListAsync(since, cancellationToken).ConfigureAwait(false);
        return [.. usages.Select(usage =>
        {
            var budget = usage.Budget;
            var period = budget.Window.AlertPeriod(now);
            var firedHere = fired.Where(a => a.BudgetId == budget.Id && a.Period == period)
                .OrderBy(a => a.Threshold)
                .Select(a => new FiredBudgetAlert((double)a.Threshold, a.Action, a.FiredAt))
                .ToList();
            return new BudgetStatus(budget.Id, Config.BudgetDefinition.ScopeName(budget.Scope), budget.Subject, budget.Window.ToString(),
                budget.LimitUsd, usage.SpentUsd, usage.ReservedUsd, usage.ResetsAt, firedHere);
        })];
    }
}
