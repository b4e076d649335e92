using System.Globalization;
using System.Text.Json;
using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Ledger;
using Frugal.Storage.Sqlite.Migrations;
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
        _database.EnsureSchema(SqliteSchemas.Ledger);
        using var connection = _database.Open();
        BackfillMissingRollups(connection);
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
