namespace Frugal.Core.Budgets.Config;

public enum BudgetWindowKind
{
    Daily,
    Monthly,
    Rolling,
}
