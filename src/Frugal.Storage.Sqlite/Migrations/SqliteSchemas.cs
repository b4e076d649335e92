namespace Frugal.Storage.Sqlite.Migrations;

/// <summary>
/// The database files of a data directory and the tables each one owns. A table belongs to exactly one file's
/// steps; every store of that file migrates the whole file (<see cref="SqliteDatabase.EnsureSchema"/>), so the order
/// in which stores are opened does not matter.
/// </summary>
public static class SqliteSchemas
{
    /// <summary>ledger.db: ledger, ledger_rollup_hourly, ledger_latency_hourly, router_labels.</summary>
    public static readonly SqliteSchema Ledger = SqliteSchema.FromResources("Ledger", ApplicationId("FRGL"));

    /// <summary>
    /// frugal.db: virtual_keys, budget_definitions, budget_resets, budget_alerts, budget_alert_marks,
    /// budget_spend_source.
    /// </summary>
    public static readonly SqliteSchema Frugal = SqliteSchema.FromResources("Frugal", ApplicationId("FRGF"));

    /// <summary>cache.db: cache_entries, semantic_log (only with cache.backend "sqlite").</summary>
    public static readonly SqliteSchema Cache = SqliteSchema.FromResources("Cache", ApplicationId("FRGC"));

    /// <summary>batches.db: batch_files, batch_jobs, batch_attempts, batch_lines (Files + Batches API, issue #15).</summary>
    public static readonly SqliteSchema Batch = SqliteSchema.FromResources("Batch", ApplicationId("FRGB"));

    /// <summary>deferral.db: deferred_calls (calls answered 202 and gathered into batch jobs).</summary>
    public static readonly SqliteSchema Deferral = SqliteSchema.FromResources("Deferral", ApplicationId("FRGD"));

    public static IReadOnlyList<SqliteSchema> All { get; } = [Ledger, Frugal, Cache, Batch, Deferral];

    /// <summary>Four ASCII letters as the 32-bit id in the file header (readable in a hex dump at offset 68).</summary>
    private static int ApplicationId(string letters) => (letters[0] << 24) | (letters[1] << 16) | (letters[2] << 8) | letters[3];
}
