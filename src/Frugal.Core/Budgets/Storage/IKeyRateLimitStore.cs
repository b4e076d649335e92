using Frugal.Core.Budgets.Config;

namespace Frugal.Core.Budgets.Storage;

/// <summary>
/// Per-key rate limits set at run time (<c>/admin/keys</c>, <c>frugal keys</c>), in frugal.db beside the run-time
/// budgets: at most one rule per key id (<see cref="RateLimitRule.ForKey"/>). <see cref="BudgetRefresher"/> reads them
/// into <see cref="BudgetCatalog"/> at start, every budgets.refreshSeconds and after an admin API change.
/// </summary>
public interface IKeyRateLimitStore
{
    ValueTask<IReadOnlyList<RateLimitRule>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Sets the key's rule (<see cref="RateLimitRule.Subject"/> = key id), replacing the one it had.</summary>
    ValueTask UpsertAsync(RateLimitRule rule, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Removes the key's rule; false when it had none.</summary>
    ValueTask<bool> DeleteAsync(string keyId, CancellationToken cancellationToken);
}
