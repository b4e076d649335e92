using Frugal.Core.Budgets.Config;

namespace Frugal.Core.Budgets.Storage;

/// <summary>Run-time budgets (set by <c>frugal budgets set</c> or <c>PUT /admin/budgets</c>) and resets, in frugal.db.</summary>
public interface IBudgetDefinitionStore
{
    ValueTask<IReadOnlyList<BudgetDefinition>> ListAsync(CancellationToken cancellationToken);

    ValueTask UpsertAsync(BudgetDefinition budget, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records that the budget's spend before <paramref name="at"/> no longer counts.</summary>
    ValueTask ResetAsync(string budgetId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The latest reset of each budget that has one.</summary>
    ValueTask<IReadOnlyDictionary<string, DateTimeOffset>> ResetsAsync(CancellationToken cancellationToken);
}
