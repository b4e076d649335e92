namespace Frugal.Core.Budgets.Config;

/// <summary>Where reservations, spend and rate counters live.</summary>
public enum BudgetStorageKind
{
    /// <summary>In this process, seeded from ledger.db (one gateway process).</summary>
    Sqlite,
    /// <summary>In the shared Redis, atomic across gateway processes.</summary>
    Redis,
}
