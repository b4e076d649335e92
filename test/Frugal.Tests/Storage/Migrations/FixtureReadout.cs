using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Frugal.Core.Accounting.Dashboard;
using Frugal.Core.Accounting.Reports;
using Frugal.Core.Admission;
using Frugal.Storage.Sqlite;
using Frugal.Storage.Sqlite.Budgets;
using Microsoft.Data.Sqlite;

namespace Frugal.Tests.Storage.Migrations;

/// <summary>
/// Everything the v0 fixture databases hold, read through the public readers (report, dashboard summary and recent
/// requests, key lookup, cache, semantic log, budgets, alerts, router labels) plus every table's row count, as one
/// JSON text. The SAME source file is compiled into the fixture generator that ran against main at edbb157
/// (Fixtures/Sqlite/v0/generator), which wrote <c>expected.json</c>; the upgrade test runs it with today's code on
/// copies of those files and compares. Only APIs that both versions have may be used here.
/// </summary>
public static class FixtureReadout
{
    /// <summary>The fixture's clock: every timestamp it wrote is in November 2026, every cache entry expires in 2027.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Since = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly string[] KeyPlaintexts = ["fk-fixture-0", "fk-fixture-1", "fk-fixture-2", "fk-fixture-3", "fk-not-stored"];

    public static readonly string[] CacheKeys = ["cache-0", "cache-1", "cache-7", "cache-39", "cache-missing"];

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };

    public static async Task<string> ReadAsync(string directory)
    {
        var ledgerDb = new SqliteDatabase(Path.Combine(directory, "ledger.db"));
        var frugalDb = new SqliteDatabase(Path.Combine(directory, "frugal.db"));
        var cacheDb = new SqliteDatabase(Path.Combine(directory, "cache.db"));
        var result = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        var clock = new FixedClock(Now);
        var none = CancellationToken.None;

        using (var ledger = new SqliteLedgerStore(ledgerDb))
        {
            var reports = new SqliteLedgerReader(ledger);
            foreach (var by in Enum.GetValues<ReportDimension>())
            {
                var report = await reports.ReportAsync(new ReportQuery(Since, Now, by), none);
                result[$"report.{by}"] = JsonDocument.Parse(ReportFormatter.Json(report)).RootElement.Clone();
            }

            result["ledger.count"] = await reports.CountAsync(none);
            var usage = new List<UsageRow>();
            await foreach (var row in reports.ReadUsageAsync(Since, Now, none))
            {
                usage.Add(row);
            }

            result["ledger.usage"] = usage;
            var dashboard = new SqliteDashboardReader(ledger);
            result["dashboard.summary"] = await dashboard.SummaryAsync(new DashboardPeriod("30d", Since, Now, TimeSpan.FromDays(1)), none);
            result["dashboard.recent"] = await dashboard.RecentAsync(new RecentRequestsQuery { Limit = 500 }, none);
            result["dashboard.recent.errors"] = await dashboard.RecentAsync(new RecentRequestsQuery { ErrorsOnly = true, Limit = 20 }, none);
            result["router_labels"] = await new SqliteRouterLabelStore(ledgerDb).ReadAsync(null, none);
        }

        var keys = new SqliteKeyStore(frugalDb);
        result["keys.list"] = await keys.ListAsync(none);
        foreach (var plaintext in KeyPlaintexts)
        {
            result[$"keys.find.{plaintext}"] = await keys.FindByHashAsync(VirtualKeys.Hash(plaintext), none);
        }

        var definitions = new SqliteBudgetDefinitionStore(frugalDb);
        result["budgets.definitions"] = (await definitions.ListAsync(none)).Select(Frugal.Core.Budgets.Config.BudgetJson.ToJson).ToList();
        result["budgets.resets"] = new SortedDictionary<string, DateTimeOffset>(
            (await definitions.ResetsAsync(none)).ToDictionary(r => r.Key, r => r.Value), StringComparer.Ordinal);
        result["budgets.alerts"] = await new SqliteBudgetAlertLog(frugalDb).ListAsync(DateTimeOffset.UnixEpoch, none);
        result["budgets.spend_source"] = await new LedgerSpendHistory(ledgerDb, frugalDb, definitions).SourceIdAsync(none);

        var cache = new SqliteCacheStore(cacheDb, clock);
        foreach (var key in CacheKeys)
        {
            var entry = await cache.GetAsync(key, none);
            result[$"cache.{key}"] = entry is null ? null : new { Payload = Convert.ToBase64String(entry.Payload.Span), entry.ExpiresAt };
        }

        var semantic = await new SqliteSemanticCacheLog(cacheDb).ReadSinceAsync(null, 10_000, none);
        result["semantic.cursor"] = semantic.Cursor;
        result["semantic.events"] = semantic.Events.Select(e => new
        {
            e.Kind,
            e.EntryKey,
            e.ContextKey,
            Vector = e.Vector?.Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToList(),
            e.Text,
            Threshold = e.Threshold.ToString("R", CultureInfo.InvariantCulture),
            e.ExpiresAt,
        }).ToList();

        result["tables.ledger.db"] = RowCounts(ledgerDb);
        result["tables.frugal.db"] = RowCounts(frugalDb);
        result["tables.cache.db"] = RowCounts(cacheDb);
        result["ledger.sample"] = LedgerSample(ledgerDb);
        SqliteConnection.ClearAllPools();
        return JsonSerializer.Serialize(result, Options);
    }

    /// <summary>Row count of every table the code of main created (a migration may add tables; those are not listed).</summary>
    private static SortedDictionary<string, long> RowCounts(SqliteDatabase database)
    {
        string[] known =
        [
            "ledger", "ledger_rollup_hourly", "ledger_latency_hourly", "router_labels", "virtual_keys", "budget_definitions",
            "budget_resets", "budget_alerts", "budget_alert_marks", "budget_spend_source", "cache_entries", "semantic_log",
        ];
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        using var connection = database.Open();
        foreach (var table in known)
        {
            using var exists = connection.CreateCommand();
            exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
            exists.Parameters.AddWithValue("$name", table);
            if ((long)exists.ExecuteScalar()! == 0)
            {
                continue;
            }

            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM {table}";
            counts[table] = (long)count.ExecuteScalar()!;
        }

        return counts;
    }

    /// <summary>Raw stored values of a few rows: nano-USD costs and savings, millisecond timestamps, bodies.</summary>
    private static List<string> LedgerSample(SqliteDatabase database)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT request_id, ts_ms, cost_nusd, saved_nusd, saved_cache_nusd, saved_routing_nusd, saved_provider_cache_nusd,
                   latency_ms, ttft_ms, status, cache_outcome, endpoint, tags, request_body
            FROM ledger WHERE id % 37 = 1 ORDER BY id
            """;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            var fields = new string[reader.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!;
            }

            rows.Add(string.Join("|", fields));
        }

        return rows;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
