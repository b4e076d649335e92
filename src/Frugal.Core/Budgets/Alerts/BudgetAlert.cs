namespace Frugal.Core.Budgets.Alerts;

/// <summary>A threshold reached in a budget's alert period; sent to the webhook, the log, the metric and the alert log.</summary>
public sealed record BudgetAlert(
    string BudgetId,
    string Scope,
    string Subject,
    string Window,
    decimal Threshold,
    string Action,
    decimal LimitUsd,
    decimal SpentUsd,
    DateTimeOffset Period,
    DateTimeOffset FiredAt);
