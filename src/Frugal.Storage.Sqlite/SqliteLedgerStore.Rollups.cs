using System.Text.Json;
using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Ledger;
using Microsoft.Data.Sqlite;

namespace Frugal.Storage.Sqlite;

/// <summary>The ledger's hourly rollups (see <see cref="LedgerRollups"/>): creation, backfill and the facts of a new entry.</summary>
public sealed partial class SqliteLedgerStore
{
    /// <summary>
    /// A ledger with rows but no rollups (written before rollups existed, or bulk-loaded outside the writer) is
    /// summarised once, here, at open; the tables themselves come from the ledger schema's steps. No extra index on
    /// the ledger for the recent-requests filters: measured, indexes on (model, ts) and (requested_model, ts) cost the
    /// writer ~30% of its throughput, while the filters walk the ts index newest first and stop at the page size
    /// (milliseconds on a million rows unless the value is rare; see LedgerRollupTests).
    /// </summary>
    private static void BackfillMissingRollups(SqliteConnection connection)
    {
        if (Scalar(connection, "SELECT EXISTS(SELECT 1 FROM ledger)") == 1 && Scalar(connection, "SELECT EXISTS(SELECT 1 FROM ledger_rollup_hourly)") == 0)
        {
            Rebuild(connection);
        }
    }

    /// <summary>
    /// Recomputes every rollup from the ledger rows (for a ledger bulk-loaded outside the writer, such as the
    /// million-row test, or one written before rollups existed). Takes seconds per million rows.
    /// </summary>
    public void RebuildRollups()
    {
        lock (_writeGate)
        {
            using var connection = _database.Open();
            Rebuild(connection);
        }
    }

    private static void Rebuild(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using (var clear = connection.CreateCommand())
        {
            clear.Transaction = transaction;
            clear.CommandText = "DELETE FROM ledger_rollup_hourly; DELETE FROM ledger_latency_hourly;";
            clear.ExecuteNonQuery();
        }

        var rollups = new LedgerRollups();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"SELECT {RollupColumns} FROM ledger";
            using var reader = command.ExecuteReader();
            var tagLists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            while (reader.Read())
            {
                rollups.Add(ReadRollupFacts(reader, tagLists));
            }
        }

        using var statements = LedgerRollups.Statements.Prepare(connection);
        rollups.Flush(statements, transaction);
        transaction.Commit();
    }

    /// <summary>The ledger columns <see cref="ReadRollupFacts"/> reads, in its order.</summary>
    private static readonly string RollupColumns = $"""
        ts_ms, model, requested_model, provider, key_id, key_name, team, tags, status, input_tokens, output_tokens,
        cost_nusd, saved_nusd, cache_outcome, latency_ms, ttft_ms, saving_voided_nusd, {string.Join(", ", LedgerRollups.SavingColumns)},
        cached_input_tokens, cache_write_5m_tokens + cache_write_1h_tokens, cache_write_premium_nusd, prompt_prefix_tokens, prompt_cache_min_tokens, pii_entities
        """;

    /// <summary>The rollup facts of the ledger row under <paramref name="reader"/> (selected with <see cref="RollupColumns"/>).</summary>
    private static RollupFacts ReadRollupFacts(SqliteDataReader reader, Dictionary<string, IReadOnlyList<string>> tagLists)
    {
        var saved = new long[LedgerRollups.SavingColumns.Length];
        for (var r = 0; r < saved.Length; r++)
        {
            saved[r] = reader.GetInt64(17 + r);
        }

        var tagsJson = reader.GetString(7);
        if (!tagLists.TryGetValue(tagsJson, out var tags))
        {
            tags = JsonSerializer.Deserialize(tagsJson, StorageJsonContext.Default.IReadOnlyListString) ?? [];
            tagLists[tagsJson] = tags;
        }

        var more = 17 + saved.Length; // the prompt-cache columns after the saving columns
        var measured = !reader.IsDBNull(more + 3);
        return new RollupFacts(
            reader.GetInt64(0),
            NameOrUnknown(reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)),
            NameOrUnknown(reader.IsDBNull(2) ? null : reader.GetString(2), null),
            NameOrUnknown(reader.IsDBNull(3) ? null : reader.GetString(3), null),
            reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.IsDBNull(6) ? null : reader.GetString(6),
            tags,
            reader.GetInt32(8),
            reader.GetInt64(9),
            reader.GetInt64(10),
            reader.IsDBNull(11) ? null : reader.GetInt64(11),
            reader.GetInt64(12),
            saved,
            reader.GetInt64(16),
            reader.GetString(13),
            reader.GetDouble(14),
            reader.IsDBNull(15) ? null : reader.GetDouble(15),
            reader.GetInt64(more),
            reader.GetInt64(more + 1),
            reader.IsDBNull(more + 2) ? null : reader.GetInt64(more + 2),
            measured,
            measured && !reader.IsDBNull(more + 4) && Eligible(reader.GetInt64(more + 3), reader.GetInt64(more + 4)),
            reader.IsDBNull(more + 5) ? null : reader.GetString(more + 5));
    }

    private static RollupFacts RollupFactsOf(LedgerEntry entry)
    {
        var saved = new long[Reasons.Length];
        if (entry.Savings.Count > 0)
        {
            for (var r = 0; r < Reasons.Length; r++)
            {
                saved[r] = NanoUsd.From(entry.Savings.GetValueOrDefault(Reasons[r]));
            }
        }

        return new RollupFacts(
            entry.Timestamp.ToUnixTimeMilliseconds(),
            NameOrUnknown(entry.Model, entry.RequestedModel),
            NameOrUnknown(entry.RequestedModel, null),
            NameOrUnknown(entry.Provider, null),
            entry.KeyId,
            entry.KeyName,
            entry.Team,
            entry.Tags,
            entry.StatusCode,
            entry.Usage.InputTokens,
            entry.Usage.OutputTokens,
            entry.CostUsd is { } cost ? NanoUsd.From(cost) : null,
            NanoUsd.From(entry.SavedUsd),
            saved,
            0,
            CacheOutcomeNames.Of(entry.CacheOutcome),
            entry.LatencyMs,
            entry.TimeToFirstTokenMs,
            entry.Usage.CachedInputTokens,
            entry.Usage.CacheWrite5mTokens + entry.Usage.CacheWrite1hTokens,
            NanoUsd.From(entry.CacheWritePremiumUsd),
            entry.PromptCache is not null,
            entry.PromptCache is { } facts && Eligible(facts.PrefixTokens, facts.MinTokens),
            entry.PiiEntities);
    }

    /// <summary>A stable prefix the provider could cache: it reaches the model's catalogued minimum (0 = no minimum known).</summary>
    private static bool Eligible(long prefixTokens, long minTokens) => minTokens > 0 && prefixTokens >= minTokens;

    /// <summary>Rollups key on text: a request refused before a model was known counts under "(none)".</summary>
    private static string NameOrUnknown(string? name, string? fallback) => name is { Length: > 0 } ? name : fallback is { Length: > 0 } ? fallback : "(none)";

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
