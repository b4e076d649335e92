namespace Frugal.Core.Budgets;

/// <summary>
/// Read side of budgets for observers (dashboard gauges, budget utilisation metrics). The budgets feature registers
/// its implementation; without budgets configured, <see cref="NoBudgets"/> answers an empty list.
/// </summary>
public interface IBudgetStatusSource
{
    ValueTask<IReadOnlyList<BudgetStatus>> SnapshotAsync(CancellationToken cancellationToken);
}

/// <summary>The source used when no budgets are configured.</summary>
public sealed class NoBudgets : IBudgetStatusSource
{
    public ValueTask<IReadOnlyList<BudgetStatus>> SnapshotAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<BudgetStatus>>([]);
}
