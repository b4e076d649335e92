namespace Frugal.Core.Budgets.Config;

/// <summary>What happens when a budget's utilisation reaches a threshold.</summary>
public enum BudgetAction
{
    /// <summary>Webhook, log line and metric, once per window.</summary>
    Alert,
    /// <summary>Routes ask for the route's next cheaper model (an alert fires too).</summary>
    Downgrade,
    /// <summary>New requests get a 429 <c>budget_exceeded</c> (an alert fires too).</summary>
    Block,
}
