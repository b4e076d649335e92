using Frugal.Core.Routing.Shadow;
using Frugal.Storage.Sqlite.Migrations;
using Microsoft.Data.Sqlite;

namespace Frugal.Storage.Sqlite;

/// <summary>
/// Shadow labels in the <c>router_labels</c> table of ledger.db (next to the evaluation calls that
/// produced them), read back by <c>frugal router train --from-ledger</c>.
/// </summary>
public sealed class SqliteRouterLabelStore : IRouterLabelStore
{
    private readonly SqliteDatabase _database;

    public SqliteRouterLabelStore(SqliteDatabase database)
    {
        _database = database;
        _database.EnsureSchema(SqliteSchemas.Ledger);
    }

    public async Task AddAsync(RouterLabelRecord label, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(label);
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO router_labels (ts_ms, request_id, route, prompt, weak_model, strong_model, judge_model, weak_good, judge_verdict)
            VALUES ($ts, $request, $route, $prompt, $weak, $strong, $judge, $good, $verdict);
            """;
        command.Parameters.AddWithValue("$ts", label.Timestamp.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$request", label.RequestId);
        command.Parameters.AddWithValue("$route", label.Route);
        command.Parameters.AddWithValue("$prompt", label.Prompt);
        command.Parameters.AddWithValue("$weak", label.WeakModel);
        command.Parameters.AddWithValue("$strong", label.StrongModel);
        command.Parameters.AddWithValue("$judge", label.JudgeModel);
        command.Parameters.AddWithValue("$good", label.WeakGoodEnough ? 1 : 0);
        command.Parameters.AddWithValue("$verdict", label.JudgeVerdict);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RouterLabelRecord>> ReadAsync(string? route, CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT ts_ms, request_id, route, prompt, weak_model, strong_model, judge_model, weak_good, judge_verdict
            FROM router_labels WHERE $route IS NULL OR route = $route ORDER BY id;
            """;
        command.Parameters.AddWithValue("$route", (object?)route ?? DBNull.Value);
        var labels = new List<RouterLabelRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            labels.Add(new RouterLabelRecord(
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.GetInt64(7) != 0,
                reader.GetString(8)));
        }

        return labels;
    }
}
