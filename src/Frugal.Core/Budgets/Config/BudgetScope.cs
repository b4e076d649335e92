namespace Frugal.Core.Budgets.Config;

/// <summary>Whose spend a budget or rate limit counts.</summary>
public enum BudgetScope
{
    /// <summary>One virtual key (subject = key id or key name).</summary>
    Key,
    Team,
    Tag,
    /// <summary>Every request (subject "*").</summary>
    Global,
}
