namespace Frugal.Core.Accounting.Dashboard;

/// <summary>A threshold that fired in the budget's current window.</summary>
public sealed record DashboardBudgetAlert(double Threshold, string Action, DateTimeOffset FiredAt);
