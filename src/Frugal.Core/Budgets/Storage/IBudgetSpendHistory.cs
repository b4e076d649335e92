using Frugal.Core.Budgets.Config;

namespace Frugal.Core.Budgets.Storage;

/// <summary>
/// The durable record of this gateway's own spend (its ledger.db), used to rebuild a shared budget store
/// (Redis) that restarted empty. Each gateway process has its own ledger, so each adds its own share once.
/// </summary>
public interface IBudgetSpendHistory
{
    /// <summary>A stable id of this record (one per data directory, kept across restarts): each record is added to a rebuilt store once.</summary>
    ValueTask<string> SourceIdAsync(CancellationToken cancellationToken);

    /// <summary>The budget's spend per UTC hour in [<paramref name="since"/>, <paramref name="until"/>), not counting spend before its latest reset.</summary>
    ValueTask<IReadOnlyList<(DateTimeOffset Hour, decimal Usd)>> HourlyAsync(BudgetDefinition budget, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken);
}
