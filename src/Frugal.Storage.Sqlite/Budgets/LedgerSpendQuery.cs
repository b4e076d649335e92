using Frugal.Core.Accounting.Ledger;
using Frugal.Core.Budgets.Config;
using Microsoft.Data.Sqlite;

namespace Frugal.Storage.Sqlite.Budgets;

/// <summary>
/// A budget's spend per UTC hour since a given instant (and before <c>until</c>, if given), summed from ledger.db (the seed
/// of the in-process counters, and of a Redis store that restarted empty). Rows of the gateway's own evaluation calls
/// (endpoint "evaluation") count only when <c>countEvaluation</c> is true (<c>budgets.evaluationSpend: "counted"</c>), so
/// a seeded figure equals what the live store booked.
/// </summary>
public static class LedgerSpendQuery
{
    private const long HourMs = 3_600_000;

    public static Task<IReadOnlyList<(DateTimeOffset Hour, decimal Usd)>> HourlyAsync(SqliteDatabase ledger, BudgetDefinition budget, DateTimeOffset since, bool countEvaluation, CancellationToken cancellationToken)
        => HourlyAsync(ledger, budget, since, null, countEvaluation, cancellationToken);

    public static async Task<IReadOnlyList<(DateTimeOffset Hour, decimal Usd)>> HourlyAsync(SqliteDatabase ledger, BudgetDefinition budget, DateTimeOffset since, DateTimeOffset? until, bool countEvaluation, CancellationToken cancellationToken)
    {
        await using var connection = ledger.Open();
        await using var command = connection.CreateCommand();
        var filter = budget.Scope switch
        {
            BudgetScope.Key => "(key_id = $subject OR key_name = $subject)",
            BudgetScope.Team => "team = $subject",
            BudgetScope.Tag => "EXISTS (SELECT 1 FROM json_each(ledger.tags) WHERE value = $subject)",
            _ => "1 = 1",
        };
        var evaluation = countEvaluation ? "" : " AND endpoint <> $evaluation";
        command.CommandText = $"SELECT ts_ms / {HourMs}, SUM(cost_nusd) FROM ledger WHERE ts_ms >= $since AND ts_ms < $until AND cost_nusd > 0 AND {filter}{evaluation} GROUP BY 1";
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$until", until?.ToUnixTimeMilliseconds() ?? long.MaxValue);
        command.Parameters.AddWithValue("$subject", budget.Subject);
        if (!countEvaluation)
        {
            command.Parameters.AddWithValue("$evaluation", LedgerEndpoint.Evaluation);
        }
        var rows = new List<(DateTimeOffset, decimal)>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0) * HourMs), NanoUsd.ToUsd(reader.GetInt64(1))));
            }
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 1 && ex.Message.Contains("no such table", StringComparison.Ordinal))
        {
            // No ledger yet (a fresh data directory read by the CLI): nothing was spent.
        }

        return rows;
    }
}
