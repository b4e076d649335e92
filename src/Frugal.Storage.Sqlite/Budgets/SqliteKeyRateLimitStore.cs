using Frugal.Core.Budgets.Config;
using Frugal.Core.Budgets.Storage;
using Frugal.Storage.Sqlite.Migrations;
using Microsoft.Data.Sqlite;

namespace Frugal.Storage.Sqlite.Budgets;

/// <summary>Per-key run-time rate limits in frugal.db, table <c>key_rate_limits</c> (Frugal step 0003).</summary>
public sealed class SqliteKeyRateLimitStore : IKeyRateLimitStore
{
    private readonly SqliteDatabase _database;

    public SqliteKeyRateLimitStore(SqliteDatabase database)
    {
        _database = database;
        database.EnsureSchema(SqliteSchemas.Frugal);
    }

    public async ValueTask<IReadOnlyList<RateLimitRule>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key_id, requests_per_minute, tokens_per_minute, max_output_tokens FROM key_rate_limits ORDER BY key_id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rules = new List<RateLimitRule>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var rule = RateLimitRule.ForKey(reader.GetString(0), Positive(reader, 1), Positive(reader, 2), Positive(reader, 3) is { } cap ? (int)Math.Min(cap, int.MaxValue) : null);
            // Stored rules were validated on the way in; a row edited by hand to limit nothing is skipped, not enforced as "0".
            if (rule.RequestsPerMinute is not null || rule.TokensPerMinute is not null || rule.MaxOutputTokens is not null)
            {
                rules.Add(rule);
            }
        }

        return rules;
    }

    public async ValueTask UpsertAsync(RateLimitRule rule, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO key_rate_limits (key_id, requests_per_minute, tokens_per_minute, max_output_tokens, updated_ms)
            VALUES ($key, $rpm, $tpm, $output, $at)
            ON CONFLICT(key_id) DO UPDATE SET requests_per_minute = excluded.requests_per_minute, tokens_per_minute = excluded.tokens_per_minute,
                max_output_tokens = excluded.max_output_tokens, updated_ms = excluded.updated_ms
            """;
        command.Parameters.AddWithValue("$key", rule.Subject);
        command.Parameters.AddWithValue("$rpm", (object?)rule.RequestsPerMinute ?? DBNull.Value);
        command.Parameters.AddWithValue("$tpm", (object?)rule.TokensPerMinute ?? DBNull.Value);
        command.Parameters.AddWithValue("$output", (object?)rule.MaxOutputTokens ?? DBNull.Value);
        command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> DeleteAsync(string keyId, CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM key_rate_limits WHERE key_id = $key";
        command.Parameters.AddWithValue("$key", keyId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>A limit column: null when NULL or not positive (a hand-edited 0 must not refuse every call).</summary>
    private static long? Positive(SqliteDataReader reader, int column)
        => reader.IsDBNull(column) ? null : reader.GetInt64(column) is > 0 and var value ? value : null;
}
