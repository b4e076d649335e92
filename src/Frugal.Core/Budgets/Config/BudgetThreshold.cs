namespace Frugal.Core.Budgets.Config;

/// <summary>A share of a budget's limit (0.5 = 50 %) and what to do once it is reached.</summary>
public sealed record BudgetThreshold(decimal At, BudgetAction Action)
{
    /// <summary>Alerts at 50 % and 80 %; a budget always blocks at 100 % whatever its thresholds say.</summary>
    public static IReadOnlyList<BudgetThreshold> Defaults { get; } = [new(0.5m, BudgetAction.Alert), new(0.8m, BudgetAction.Alert)];

    public static string ActionName(BudgetAction action) => action switch
    {
        BudgetAction.Downgrade => "downgrade",
        BudgetAction.Block => "block",
        _ => "alert",
    };
}
