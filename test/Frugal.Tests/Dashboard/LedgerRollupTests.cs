using System.Diagnostics;
using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Dashboard;
using Frugal.Core.Accounting.Ledger;
using Frugal.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Frugal.Tests.Dashboard;

/// <summary>
/// The ledger's hourly rollups: equal to aggregates computed from the rows themselves, never double-counted, the
/// same when rebuilt, and fast to read on a million-row ledger.
/// </summary>
public sealed class LedgerRollupTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "frugal-tests", "rollups-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: the temp directory is cleaned eventually
        }
    }

    [Fact]
    public async Task Rollups_equal_the_ledger_rows_and_a_retried_batch_adds_nothing()
    {
        using var store = new SqliteLedgerStore(new SqliteDatabase(Path.Combine(_directory, "ledger.db")));
        var now = DateTimeOffset.UtcNow;
        var entries = Enumerable.Range(0, 300).Select(i => Entry(i, now.AddMinutes(-i * 7))).ToArray();
        await store.WriteBatchAsync(entries[..150], CancellationToken.None);
        await store.WriteBatchAsync(entries[100..], CancellationToken.None); // 50 already stored: skipped, not counted again

        var reader = new SqliteDashboardReader(store);
        DashboardPeriod.TryCreate("7d", TimeProvider.System, out var period);
        var summary = await reader.SummaryAsync(period!, CancellationToken.None);

        using var connection = store.Database.Open();
        Assert.Equal(300L, Scalar(connection, "SELECT COUNT(*) FROM ledger"));
        Assert.Equal(300, summary.Totals.Requests);
        Assert.Equal(NanoUsd.ToUsd(Scalar(connection, "SELECT SUM(cost_nusd) FROM ledger")), summary.Totals.CostUsd);
        Assert.Equal(NanoUsd.ToUsd(Scalar(connection, "SELECT SUM(saved_cache_nusd) FROM ledger")), summary.SavedByReason.Single(s => s.Name == "cache").Values.Sum());
        Assert.Equal(Scalar(connection, "SELECT COUNT(*) FROM ledger WHERE cache_outcome = 'hit'"), summary.Totals.CacheHits);
        Assert.Equal(Scalar(connection, "SELECT COUNT(*) FROM ledger WHERE status >= 400"), summary.Totals.Errors);
        Assert.Equal(Scalar(connection, "SELECT COUNT(*) FROM ledger WHERE cost_nusd IS NULL"), summary.Totals.Unpriced);
        foreach (var model in summary.TopModels)
        {
            Assert.Equal(NanoUsd.ToUsd(Scalar(connection, $"SELECT COALESCE(SUM(cost_nusd), 0) FROM ledger WHERE model = '{model.Name}'")), model.CostUsd);
        }

        var eu = summary.TopTags.Single(t => t.Name == "eu");
        Assert.Equal(Scalar(connection, "SELECT COUNT(*) FROM ledger WHERE tags LIKE '%\"eu\"%'"), eu.Requests);
        Assert.Equal("service-1", summary.TopKeys.Single(k => k.Name == "key_1").Label);
        var latencies = entries.Select(e => e.LatencyMs).Order().ToArray();
        var trueP50 = latencies[(latencies.Length / 2) - 1];
        Assert.InRange(summary.Latency.P50!.Value, trueP50 / 1.2, trueP50 * 1.2); // one bucket is ~19% wide

        // A rebuild from the rows gives exactly the rollups the writer maintained.
        var maintained = Dump(connection);
        store.RebuildRollups();
        Assert.Equal(maintained, Dump(connection));
    }

    [Fact]
    public async Task Recent_requests_filter_by_model_route_cache_key_and_errors_newest_first()
    {
        using var store = new SqliteLedgerStore(new SqliteDatabase(Path.Combine(_directory, "ledger.db")));
        var now = DateTimeOffset.UtcNow;
        await store.WriteBatchAsync([.. Enumerable.Range(0, 120).Select(i => Entry(i, now.AddSeconds(-i)))], CancellationToken.None);
        var reader = new SqliteDashboardReader(store);

        var newest = await reader.RecentAsync(new RecentRequestsQuery { Limit = 10 }, CancellationToken.None);
        Assert.Equal([.. Enumerable.Range(0, 10).Select(i => $"req-{i}")], newest.Select(r => r.RequestId));

        var claude = await reader.RecentAsync(new RecentRequestsQuery { Model = "claude-sonnet-4", Limit = 500 }, CancellationToken.None);
        Assert.Equal(40, claude.Count);
        Assert.All(claude, r => Assert.Equal("claude-sonnet-4", r.Model));
        Assert.All(await reader.RecentAsync(new RecentRequestsQuery { Route = "auto" }, CancellationToken.None), r => Assert.Equal("auto", r.Route));
        Assert.All(await reader.RecentAsync(new RecentRequestsQuery { CacheOutcome = "hit", Key = "key_0" }, CancellationToken.None), r => Assert.True(r is { CacheOutcome: "hit", KeyId: "key_0" }));
        Assert.Equal(120 / 11 + 1, (await reader.RecentAsync(new RecentRequestsQuery { ErrorsOnly = true, Limit = 500 }, CancellationToken.None)).Count);
        var page2 = await reader.RecentAsync(new RecentRequestsQuery { BeforeMs = newest[^1].TimestampMs, Limit = 5 }, CancellationToken.None);
        Assert.Equal([.. Enumerable.Range(10, 5).Select(i => $"req-{i}")], page2.Select(r => r.RequestId));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task A_million_row_ledger_answers_the_dashboard_quickly()
    {
        const int rows = 1_000_000;
        var database = new SqliteDatabase(Path.Combine(_directory, "ledger.db"));
        using var store = new SqliteLedgerStore(database);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var watch = Stopwatch.StartNew();
        using (var connection = database.Open())
        {
            // Bulk load in SQL (one statement) spread evenly over 30 days; the writer's per-batch rollups are then rebuilt once.
            SqliteDatabase.Execute(connection, $"""
                WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < {rows - 1})
                INSERT INTO ledger (ts_ms, request_id, endpoint, key_id, key_name, team, tags, requested_model, model, provider,
                                    input_tokens, output_tokens, cost_nusd, saved_nusd, saved_cache_nusd, latency_ms, ttft_ms, status, cache_outcome)
                SELECT {now} - i * 2592, 'bulk-' || i, 'chat', 'key_' || (i % 50), 'service-' || (i % 50), 'team-' || (i % 4),
                       '["t' || (i % 7) || '"]', CASE WHEN i % 1000 = 7 THEN 'rare' WHEN i % 3 = 0 THEN 'auto' ELSE 'model-' || (i % 5) END, 'model-' || (i % 5), 'mock',
                       100 + i % 50, 20 + i % 30, 1000 + i % 500, CASE WHEN i % 5 = 0 THEN 1200 ELSE 0 END, CASE WHEN i % 5 = 0 THEN 1200 ELSE 0 END,
                       5 + i % 2000, CASE WHEN i % 2 = 0 THEN 3 + i % 500 END, CASE WHEN i % 97 = 0 THEN 502 ELSE 200 END,
                       CASE WHEN i % 5 = 0 THEN 'hit' ELSE 'miss' END
                FROM seq;
                """);
        }

        var loadMs = watch.ElapsedMilliseconds;
        watch.Restart();
        store.RebuildRollups();
        var rebuildMs = watch.ElapsedMilliseconds;

        var reader = new SqliteDashboardReader(store);
        var timings = new List<string> { $"bulk insert {rows:N0} rows: {loadMs} ms", $"rebuild rollups: {rebuildMs} ms" };
        async Task<T> Time<T>(string what, Func<Task<T>> query)
        {
            await query(); // warm the page cache: report the steady state, as a dashboard refresh sees it
            var w = Stopwatch.StartNew();
            var result = await query();
            timings.Add($"{what}: {w.Elapsed.TotalMilliseconds:F1} ms");
            Assert.True(w.Elapsed < TimeSpan.FromSeconds(5), $"{what} took {w.Elapsed}");
            return result;
        }

        DashboardSummary month = null!;
        foreach (var name in DashboardPeriod.Names)
        {
            DashboardPeriod.TryCreate(name, TimeProvider.System, out var period);
            var summary = await Time($"summary {name}", () => reader.SummaryAsync(period!, CancellationToken.None));
            if (name == "30d")
            {
                month = summary;
            }
        }

        await Time("recent 100", () => reader.RecentAsync(new RecentRequestsQuery(), CancellationToken.None));
        await Time("recent 100, model filter", () => reader.RecentAsync(new RecentRequestsQuery { Model = "model-3" }, CancellationToken.None));
        await Time("recent 100, route filter", () => reader.RecentAsync(new RecentRequestsQuery { Route = "auto" }, CancellationToken.None));
        var rare = await Time("recent 100, a route in 0.1% of rows", () => reader.RecentAsync(new RecentRequestsQuery { Route = "rare" }, CancellationToken.None));
        await Time("recent 100, cache + key filter", () => reader.RecentAsync(new RecentRequestsQuery { CacheOutcome = "hit", Key = "key_10" }, CancellationToken.None));
        var errors = await Time("recent 100, errors only", () => reader.RecentAsync(new RecentRequestsQuery { ErrorsOnly = true }, CancellationToken.None));

        using (var connection = database.Open())
        {
            var scan = Stopwatch.StartNew();
            var requests = Scalar(connection, $"SELECT COUNT(*) FROM ledger WHERE ts_ms >= {month.Since.ToUnixTimeMilliseconds()}");
            var cost = Scalar(connection, $"SELECT SUM(cost_nusd) FROM ledger WHERE ts_ms >= {month.Since.ToUnixTimeMilliseconds()}");
            timings.Add($"for comparison, the same 30-day totals straight from the ledger rows: {scan.ElapsedMilliseconds} ms");
            Assert.Equal(requests, month.Totals.Requests);
            Assert.Equal(NanoUsd.ToUsd(cost), month.Totals.CostUsd);
        }

        Assert.Equal(100, errors.Count);
        Assert.Equal(100, rare.Count);
        Assert.All(errors, r => Assert.Equal(502, r.Status));
        foreach (var line in timings)
        {
            output.WriteLine(line);
        }

        File.WriteAllLines(Path.Combine(AppContext.BaseDirectory, "ledger-1m-timings.txt"), timings);
    }

    private static LedgerEntry Entry(int i, DateTimeOffset at) => new()
    {
        Timestamp = at,
        RequestId = $"req-{i}",
        Endpoint = "chat",
        KeyId = $"key_{i % 5}",
        KeyName = $"service-{i % 5}",
        Team = i % 4 == 0 ? null : i % 2 == 0 ? "sales" : "support",
        Tags = i % 3 == 0 ? ["odoo", "eu"] : ["us"],
        RequestedModel = i % 6 == 0 ? "auto" : i % 3 == 0 ? "claude-sonnet-4" : "gpt-4o-mini",
        Model = i % 3 == 0 ? "claude-sonnet-4" : "gpt-4o-mini",
        Provider = i % 3 == 0 ? "anthropic" : "openai",
        Attempts = 1,
        Usage = new TokenUsage(100 + i, 0, 0, 0, 10 + i, 0),
        CostUsd = i % 13 == 0 ? null : 0.000001m * (i + 1),
        Savings = i % 5 == 0 ? new Dictionary<SavingReason, decimal> { [SavingReason.Cache] = 0.0000025m * i } : new Dictionary<SavingReason, decimal>(),
        LatencyMs = 3 + (i * 7 % 900),
        TimeToFirstTokenMs = i % 2 == 0 ? 2 + i : null,
        StatusCode = i % 11 == 0 ? 502 : 200,
        CacheOutcome = i % 5 == 0 ? CacheOutcome.Hit : CacheOutcome.Miss,
    };

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() is long value ? value : 0;
    }

    private static string Dump(SqliteConnection connection)
    {
        var text = new System.Text.StringBuilder();
        foreach (var table in new[] { "ledger_rollup_hourly", "ledger_latency_hourly" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY 1, 2, 3";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                for (var c = 0; c < reader.FieldCount; c++)
                {
                    text.Append(reader.IsDBNull(c) ? "∅" : reader.GetValue(c)).Append('|');
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }
}
