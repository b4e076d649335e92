namespace Frugal.Core.Budgets;

/// <summary>
/// One budget as the dashboard and <c>/metrics</c> show it: how much of the current window is spent or reserved,
/// when the window resets and which thresholds have fired in it.
/// </summary>
/// <param name="Id">Stable name of the budget, e.g. <c>team:support:monthly</c>.</param>
/// <param name="Scope">key | team | tag | global.</param>
/// <param name="Subject">The key id, team or tag the budget applies to ("*" for global).</param>
/// <param name="Window">daily | monthly | rolling:Nd.</param>
public sealed record BudgetStatus(
    string Id,
    string Scope,
    string Subject,
    string Window,
    decimal LimitUsd,
    decimal SpentUsd,
    decimal ReservedUsd,
    DateTimeOffset ResetsAt,
    IReadOnlyList<FiredBudgetAlert> FiredAlerts)
{
    /// <summary>Spent plus reserved, as a share of the limit (1.0 = exhausted).</summary>
    public double Utilisation => LimitUsd <= 0 ? 1.0 : (double)((SpentUsd + ReservedUsd) / LimitUsd);
}

/// <summary>A threshold that fired in the budget's current window (each fires at most once per window).</summary>
/// <param name="Threshold">Share of the limit, e.g. 0.8.</param>
/// <param name="Action">alert | downgrade | block.</param>
public sealed record FiredBudgetAlert(double Threshold, string Action, DateTimeOffset FiredAt);
