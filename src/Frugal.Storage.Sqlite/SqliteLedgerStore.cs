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
public sealed partial class SqliteLedgerStore : ILedgerStore, IDisposable
{
    internal static readonly SavingReason[] Reasons = Enum.GetValues<SavingReason>();

    private readonly SqliteDatabase _database;
    private readonly Lock _writeGate = new();
    private PreparedWriter? _writer;

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
        EnsureRollups(connection);
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

    public Task WriteBatchAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        // Synchronous on purpose: SQLite has no async I/O, and this runs on the writer's own loop.
        // One long-lived connection and one prepared INSERT: re-preparing per batch costs more
        // than the rows themselves.
        lock (_writeGate)
        {
            _writer ??= new PreparedWriter(_database.Open());
            using var transaction = _writer.Connection.BeginTransaction();
            _writer.Insert.Transaction = transaction;
            var rollups = new LedgerRollups(); // per batch: a failed commit leaves nothing behind to double-count
            for (var i = 0; i < entries.Count; i++)
            {
                if (_writer.Insert.Execute(entries, i))
                {
                    rollups.Add(RollupFactsOf(entries[i]));
                }
            }

            rollups.Flush(_writer.RollupStatements, transaction);
            transaction.Commit();
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (_writeGate)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }

    /// <summary>The writer's connection and its prepared statement, kept for the life of the store.</summary>
    private sealed class PreparedWriter(SqliteConnection connection) : IDisposable
    {
        public SqliteConnection Connection { get; } = connection;

        public LedgerInsert Insert { get; } = LedgerInsert.Prepare(connection);

        public LedgerRollups.Statements RollupStatements { get; } = LedgerRollups.Statements.Prepare(connection);

        public void Dispose()
        {
            Insert.Dispose();
            RollupStatements.Dispose();
            Connection.Dispose();
        }
    }

}
