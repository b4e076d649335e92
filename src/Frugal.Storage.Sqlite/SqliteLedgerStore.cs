using System.Globalization;
using System.Text.Json;
using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Ledger;
using Microsoft.Data.Sqlite;

namespace Frugal.Storage.Sqlite;

/// <summary>
/// The ledger in SQLite (<c>ledger.db</c> in the data directory, WAL). Batches are committed in
/// one transaction with a prepared statement; an entry whose request id is already stored is
/// skipped, so a retried commit can never record a request twice.
/// </summary>
public sealed partial class SqliteLedgerStore : ILedgerStore
{
    private static readonly SavingReason[] Reasons = Enum.GetValues<SavingReason>();

    private readonly SqliteDatabase _database;

    public SqliteLedgerStore(SqliteDatabase database)
    {
        _database = database;
        using var connection = _database.Open();
        SqliteDatabase.Execute(connection, $"""
            CREATE TABLE IF NOT EXISTS ledger (
                id                       INTEGER PRIMARY KEY,
                ts_ms                    INTEGER NOT NULL,
                request_id               TEXT NOT NULL,
                endpoint                 TEXT NOT NULL,
                key_id                   TEXT NOT NULL,
                key_name                 TEXT,
                team                     TEXT,
                tags                     TEXT NOT NULL DEFAULT '[]',
                requested_model          TEXT,
                model                    TEXT,
                upstream_model           TEXT,
                provider                 TEXT,
                attempts                 INTEGER NOT NULL DEFAULT 0,
                attempt_log              TEXT,
                input_tokens             INTEGER NOT NULL DEFAULT 0,
                cached_input_tokens      INTEGER NOT NULL DEFAULT 0,
                cache_write_5m_tokens    INTEGER NOT NULL DEFAULT 0,
                cache_write_1h_tokens    INTEGER NOT NULL DEFAULT 0,
                output_tokens            INTEGER NOT NULL DEFAULT 0,
                reasoning_tokens         INTEGER NOT NULL DEFAULT 0,
                usage_estimated          INTEGER NOT NULL DEFAULT 0,
                cost_nusd                INTEGER,
                saved_nusd               INTEGER NOT NULL DEFAULT 0,
                {string.Join(",\n                ", Reasons.Select(r => $"{SavingColumn(r)} INTEGER NOT NULL DEFAULT 0"))},
                latency_ms               REAL NOT NULL DEFAULT 0,
                ttft_ms                  REAL,
                status                   INTEGER NOT NULL,
                error_code               TEXT,
                cache_outcome            TEXT NOT NULL DEFAULT 'none',
                streamed                 INTEGER NOT NULL DEFAULT 0,
                batched                  INTEGER NOT NULL DEFAULT 0,
                request_body             TEXT,
                response_body            TEXT
            );
            CREATE UNIQUE INDEX IF NOT EXISTS ledger_request_id ON ledger(request_id);
            CREATE INDEX IF NOT EXISTS ledger_ts ON ledger(ts_ms);
            """);
    }

    public SqliteDatabase Database => _database;

    /// <summary>The ledger column holding the savings for one reason, e.g. saved_provider_cache_nusd.</summary>
    public static string SavingColumn(SavingReason reason) => reason switch
    {
        SavingReason.Cache => "saved_cache_nusd",
        SavingReason.SemanticCache => "saved_semantic_cache_nusd",
        SavingReason.Routing => "saved_routing_nusd",
        SavingReason.Compression => "saved_compression_nusd",
        SavingReason.Batch => "saved_batch_nusd",
        SavingReason.ProviderCache => "saved_provider_cache_nusd",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "no ledger column for this saving reason"),
    };

    public static string CacheOutcomeName(CacheOutcome outcome) => outcome switch
    {
        CacheOutcome.Hit => "hit",
        CacheOutcome.SemanticHit => "semantic-hit",
        CacheOutcome.Miss => "miss",
        CacheOutcome.Bypass => "bypass",
        _ => "none",
    };

    public Task WriteBatchAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        // Synchronous on purpose: SQLite has no async I/O, and this runs on the writer's own loop.
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var columns = new List<string>
        {
            "ts_ms", "request_id", "endpoint", "key_id", "key_name", "team", "tags", "requested_model", "model", "upstream_model", "provider",
            "attempts", "attempt_log", "input_tokens", "cached_input_tokens", "cache_write_5m_tokens", "cache_write_1h_tokens", "output_tokens",
            "reasoning_tokens", "usage_estimated", "cost_nusd", "saved_nusd", "latency_ms", "ttft_ms", "status", "error_code", "cache_outcome",
            "streamed", "batched", "request_body", "response_body",
        };
        columns.AddRange(Reasons.Select(SavingColumn));
        command.CommandText = $"INSERT INTO ledger ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "$" + c))}) ON CONFLICT(request_id) DO NOTHING;";
        var parameters = columns.ToDictionary(c => c, c => command.Parameters.Add("$" + c, SqliteType.Text));
        command.Prepare();

        foreach (var entry in entries)
        {
            Set(parameters, "ts_ms", entry.Timestamp.ToUnixTimeMilliseconds());
            Set(parameters, "request_id", entry.RequestId);
            Set(parameters, "endpoint", entry.Endpoint);
            Set(parameters, "key_id", entry.KeyId);
            Set(parameters, "key_name", entry.KeyName);
            Set(parameters, "team", entry.Team);
            Set(parameters, "tags", JsonSerializer.Serialize(entry.Tags, StorageJsonContext.Default.IReadOnlyListString));
            Set(parameters, "requested_model", entry.RequestedModel);
            Set(parameters, "model", entry.Model);
            Set(parameters, "upstream_model", entry.UpstreamModel);
            Set(parameters, "provider", entry.Provider);
            Set(parameters, "attempts", entry.Attempts);
            Set(parameters, "attempt_log", entry.AttemptLog);
            Set(parameters, "input_tokens", entry.Usage.InputTokens);
            Set(parameters, "cached_input_tokens", entry.Usage.CachedInputTokens);
            Set(parameters, "cache_write_5m_tokens", entry.Usage.CacheWrite5mTokens);
            Set(parameters, "cache_write_1h_tokens", entry.Usage.CacheWrite1hTokens);
            Set(parameters, "output_tokens", entry.Usage.OutputTokens);
            Set(parameters, "reasoning_tokens", entry.Usage.ReasoningTokens);
            Set(parameters, "usage_estimated", entry.UsageEstimated ? 1 : 0);
            Set(parameters, "cost_nusd", entry.CostUsd is { } cost ? NanoUsd.From(cost) : null);
            Set(parameters, "saved_nusd", NanoUsd.From(entry.SavedUsd));
            Set(parameters, "latency_ms", entry.LatencyMs);
            Set(parameters, "ttft_ms", entry.TimeToFirstTokenMs);
            Set(parameters, "status", entry.StatusCode);
            Set(parameters, "error_code", entry.ErrorCode);
            Set(parameters, "cache_outcome", CacheOutcomeName(entry.CacheOutcome));
            Set(parameters, "streamed", entry.Streamed ? 1 : 0);
            Set(parameters, "batched", entry.Batched ? 1 : 0);
            Set(parameters, "request_body", entry.RequestBody);
            Set(parameters, "response_body", entry.ResponseBody);
            foreach (var reason in Reasons)
            {
                Set(parameters, SavingColumn(reason), NanoUsd.From(entry.Savings.GetValueOrDefault(reason)));
            }

            command.ExecuteNonQuery();
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    private static void Set(Dictionary<string, SqliteParameter> parameters, string column, object? value)
    {
        var parameter = parameters[column];
        parameter.SqliteType = value switch
        {
            long or int => SqliteType.Integer,
            double => SqliteType.Real,
            _ => SqliteType.Text,
        };
        parameter.Value = value ?? DBNull.Value;
    }

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
