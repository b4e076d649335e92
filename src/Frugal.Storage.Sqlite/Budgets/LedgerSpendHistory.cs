using Frugal.Core.Budgets.Config;
using Frugal.Core.Budgets.Storage;
using Frugal.Storage.Sqlite.Migrations;

namespace Frugal.Storage.Sqlite.Budgets;

/// <summary>
/// This data directory's ledger as a <see cref="IBudgetSpendHistory"/>: its id lives in frugal.db
/// (table <c>budget_spend_source</c>, one random id written on first use), its spend is summed from
/// ledger.db after the ledger writer has committed what is queued; evaluation rows count only when
/// <paramref name="countEvaluationSpend"/> (<c>budgets.evaluationSpend</c>) says the live store counts them too.
/// </summary>
public sealed class LedgerSpendHistory(
    SqliteDatabase ledger,
    SqliteDatabase frugalDb,
    IBudgetDefinitionStore definitions,
    Func<CancellationToken, Task>? flushLedger = null,
    bool countEvaluationSpend = false) : IBudgetSpendHistory
{
    private string? _sourceId;

    public async ValueTask<string> SourceIdAsync(CancellationToken cancellationToken)
    {
        if (_sourceId is { } known)
        {
            return known;
        }

        frugalDb.EnsureSchema(SqliteSchemas.Frugal);
        await using var connection = frugalDb.Open();
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT OR IGNORE INTO budget_spend_source (only, id) VALUES (1, $id)";
            insert.Parameters.AddWithValue("$id", Guid.NewGuid().ToString("N"));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT id FROM budget_spend_source WHERE only = 1";
        return _sourceId = (string)(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async ValueTask<IReadOnlyList<(DateTimeOffset Hour, decimal Usd)>> HourlyAsync(BudgetDefinition budget, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        if (flushLedger is not null)
        {
            await flushLedger(cancellationToken).ConfigureAwait(false);
        }

        if ((await definitions.ResetsAsync(cancellationToken).ConfigureAwait(false)).TryGetValue(budget.Id, out var reset) && reset > since)
        {
            since = reset;
        }

        return since >= until ? [] : await LedgerSpendQuery.HourlyAsync(ledger, budget, since, until, countEvaluationSpend, cancellationToken).ConfigureAwait(false);
    }
}
