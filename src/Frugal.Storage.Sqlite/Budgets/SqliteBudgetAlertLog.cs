using System.Globalization;
using Frugal.Core.Budgets.Alerts;
using Frugal.Storage.Sqlite.Migrations;

namespace Frugal.Storage.Sqlite.Budgets;

/// <summary>
/// Fired alerts in frugal.db: <c>budget_alerts</c> (one row per budget, period and threshold; what
/// <c>frugal report alerts</c> lists) and <c>budget_alert_marks</c> (the single-process "fired once" claim).
/// </summary>
public sealed class SqliteBudgetAlertLog : IBudgetAlertLog
{
    private readonly SqliteDatabase _database;

    public SqliteBudgetAlertLog(SqliteDatabase database)
    {
        _database = database;
        database.EnsureSchema(SqliteSchemas.Frugal);
    }

    /// <summary>True for the first claim of this (budget, period, threshold) in this data directory.</summary>
    public bool TryMark(string budgetId, DateTimeOffset period, decimal threshold)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO budget_alert_marks (budget_id, period_ms, threshold) VALUES ($id, $period, $threshold)";
        command.Parameters.AddWithValue("$id", budgetId);
        command.Parameters.AddWithValue("$period", period.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$threshold", threshold.ToString(CultureInfo.InvariantCulture));
        return command.ExecuteNonQuery() == 1;
    }

    public async ValueTask AppendAsync(BudgetAlert alert, CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT OR IGNORE INTO budget_alerts (budget_id, period_ms, threshold, action, scope, subject, window, limit_nusd, spent_nusd, fired_ms)
            VALUES ($id, $period, $threshold, $action, $scope, $subject, $window, $limit, $spent, $fired)
            """;
        command.Parameters.AddWithValue("$id", alert.BudgetId);
        command.Parameters.AddWithValue("$period", alert.Period.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$threshold", alert.Threshold.ToString(CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$action", alert.Action);
        command.Parameters.AddWithValue("$scope", alert.Scope);
        command.Parameters.AddWithValue("$subject", alert.Subject);
        command.Parameters.AddWithValue("$window", alert.Window);
        command.Parameters.AddWithValue("$limit", NanoUsd.From(alert.LimitUsd));
        command.Parameters.AddWithValue("$spent", NanoUsd.From(alert.SpentUsd));
        command.Parameters.AddWithValue("$fired", alert.FiredAt.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<BudgetAlert>> ListAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT budget_id, scope, subject, window, threshold, action, limit_nusd, spent_nusd, period_ms, fired_ms FROM budget_alerts WHERE fired_ms >= $since OR period_ms >= $since ORDER BY fired_ms, budget_id, threshold";
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var alerts = new List<BudgetAlert>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            alerts.Add(new BudgetAlert(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                decimal.Parse(reader.GetString(4), CultureInfo.InvariantCulture), reader.GetString(5),
                NanoUsd.ToUsd(reader.GetInt64(6)), NanoUsd.ToUsd(reader.GetInt64(7)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9))));
        }

        return alerts;
    }
}
