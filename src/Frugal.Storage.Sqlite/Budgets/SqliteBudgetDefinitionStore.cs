using Frugal.Core.Budgets.Config;
using Frugal.Core.Budgets.Storage;
using Frugal.Storage.Sqlite.Migrations;

namespace Frugal.Storage.Sqlite.Budgets;

/// <summary>
/// Run-time budgets in frugal.db: table <c>budget_definitions</c> (the budget in its config JSON shape,
/// so it is validated by the same reader when read back) and <c>budget_resets</c>.
/// </summary>
public sealed class SqliteBudgetDefinitionStore : IBudgetDefinitionStore
{
    private readonly SqliteDatabase _database;

    public SqliteBudgetDefinitionStore(SqliteDatabase database)
    {
        _database = database;
        database.EnsureSchema(SqliteSchemas.Frugal);
    }

    public async ValueTask<IReadOnlyList<BudgetDefinition>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT json FROM budget_definitions ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var budgets = new List<BudgetDefinition>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // Stored budgets were validated on the way in; one that no longer validates is skipped rather than stopping the others.
            if (BudgetJson.Parse(reader.GetString(0), "runtime", out _) is { } budget)
            {
                budgets.Add(budget);
            }
        }

        return budgets;
    }

    public async ValueTask UpsertAsync(BudgetDefinition budget, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO budget_definitions (id, json, updated_ms) VALUES ($id, $json, $at) ON CONFLICT(id) DO UPDATE SET json = excluded.json, updated_ms = excluded.updated_ms";
        command.Parameters.AddWithValue("$id", budget.Id);
        command.Parameters.AddWithValue("$json", BudgetJson.ToJson(budget));
        command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask ResetAsync(string budgetId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO budget_resets (id, reset_ms) VALUES ($id, $at) ON CONFLICT(id) DO UPDATE SET reset_ms = excluded.reset_ms";
        command.Parameters.AddWithValue("$id", budgetId);
        command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyDictionary<string, DateTimeOffset>> ResetsAsync(CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, reset_ms FROM budget_resets";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var resets = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            resets[reader.GetString(0)] = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1));
        }

        return resets;
    }
}
