namespace Frugal.Core.Accounting.Dashboard;

/// <summary>One budget gauge, as <see cref="Budgets.BudgetStatus"/> reports it.</summary>
public sealed record DashboardBudget(
    string Id, string Scope, string Subject, string Window, decimal LimitUsd, decimal SpentUsd, decimal ReservedUsd,
    double Utilisation, DateTimeOffset ResetsAt, IReadOnlyList<DashboardBudgetAlert> FiredAlerts);
