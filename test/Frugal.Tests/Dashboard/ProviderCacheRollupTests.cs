using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Dashboard;
using Frugal.Core.Accounting.Ledger;
using Frugal.Storage.Sqlite;
using Frugal.Tests.Storage.Migrations;
using Microsoft.Data.Sqlite;

namespace Frugal.Tests.Dashboard;

/// <summary>
/// The provider-cache rollups (ledger step 0005): per route and model, the panel's figures equal sums over the ledger
/// rows, a rebuild gives the same cells, and rows written before the step (no premium recorded) count nowhere in
/// dim 'route_model', so the shares are over the same calls.
/// </summary>
public sealed class ProviderCacheRollupTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "frugal-tests", "pcache-rollups-" + Guid.NewGuid().ToString("N"));

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
    public async Task Panel_rows_per_route_and_model_equal_the_ledger_sums_and_survive_a_rebuild()
    {
        using var store = new SqliteLedgerStore(new SqliteDatabase(Path.Combine(_directory, "ledger.db")));
        var now = DateTimeOffset.UtcNow;
        await store.WriteBatchAsync([.. Enumerable.Range(0, 120).Select(i => Entry(i, now.AddMinutes(-i * 11)))], CancellationToken.None);

        DashboardPeriod.TryCreate("7d", TimeProvider.System, out var period);
        var summary = await new SqliteDashboardReader(store).SummaryAsync(period!, CancellationToken.None);

        using var connection = store.Database.Open();
        Assert.Equal(4, summary.ProviderCache.Count); // 2 routes × 2 models
        Assert.Equal(summary.ProviderCache.OrderByDescending(r => r.InputTokens).Select(r => (r.Route, r.Model)), summary.ProviderCache.Select(r => (r.Route, r.Model)));
        foreach (var row in summary.ProviderCache)
        {
            var where = $"requested_model = '{row.Route}' AND model = '{row.Model}'";
            Assert.Equal(Scalar(connection, $"SELECT COUNT(*) FROM ledger WHERE {where}"), row.Requests);
            Assert.Equal(Scalar(connection, $"SELECT SUM(input_tokens) FROM ledger WHERE {where}"), row.InputTokens);
            Assert.Equal(Scalar(connection, $"SELECT SUM(cached_input_tokens) FROM ledger WHERE {where}"), row.CachedInputTokens);
            Assert.Equal(Scalar(connection, $"SELECT SUM(cache_write_5m_tokens + cache_write_1h_tokens) FROM ledger WHERE {where}"), row.CacheWriteTokens);
            Assert.Equal(NanoUsd.ToUsd(Scalar(connection, $"SELECT SUM(saved_provider_cache_nusd) FROM ledger WHERE {where}")), row.SavedUsd);
            Assert.Equal(NanoUsd.ToUsd(Scalar(connection, $"SELECT SUM(cache_write_premium_nusd) FROM ledger WHERE {where}")), row.WritePremiumUsd);
            Assert.Equal(Scalar(connection, $"SELECT COUNT(*) FROM ledger WHERE {where} AND prompt_prefix_tokens IS NOT NULL"), row.MeasuredRequests);
            Assert.Equal(Scalar(connection, $"SELECT COUNT(*) FROM ledger WHERE {where} AND prompt_prefix_tokens >= prompt_cache_min_tokens"), row.EligibleRequests);
            Assert.True(row.CachedInputTokens > 0 && row.WritePremiumUsd > 0 && row.EligibleRequests < row.MeasuredRequests);
        }

        var maintained = Dump(connection);
        store.RebuildRollups();
        Assert.Equal(maintained, Dump(connection));
    }

    [Fact]
    public async Task Rows_written_before_the_step_count_in_no_route_model_cell_but_new_rows_do()
    {
        var directory = SqliteFixtures.CopyOf("v0");
        var path = Path.Combine(directory, "ledger.db");
        var oldRows = SqliteFixtures.Scalar(path, "SELECT COUNT(*) FROM ledger");
        SqliteFixtures.Execute(path, "DROP TABLE ledger_rollup_hourly; DROP TABLE ledger_latency_hourly;"); // forces the backfill at open

        using var store = new SqliteLedgerStore(new SqliteDatabase(path));
        Assert.Equal(oldRows, SqliteFixtures.Scalar(path, "SELECT COUNT(*) FROM ledger WHERE cache_write_premium_nusd IS NULL"));
        Assert.Equal(0, SqliteFixtures.Scalar(path, "SELECT COUNT(*) FROM ledger_rollup_hourly WHERE dim = 'route_model'"));

        await store.WriteBatchAsync([Entry(0, DateTimeOffset.UtcNow), Entry(1, DateTimeOffset.UtcNow)], CancellationToken.None);
        Assert.Equal(2, SqliteFixtures.Scalar(path, "SELECT SUM(requests) FROM ledger_rollup_hourly WHERE dim = 'route_model'"));
    }

    /// <summary>Two routes × two models; every third call writes the prefix, the others read it; every fifth prefix is too short.</summary>
    private static LedgerEntry Entry(int i, DateTimeOffset at)
    {
        var writes = i % 3 == 0 ? 2_000 : 0;
        var cached = i % 3 == 0 ? 0 : 2_000;
        return new()
        {
            Timestamp = at,
            RequestId = $"pc-{i}",
            Endpoint = "chat",
            KeyId = "key_1",
            RequestedModel = i % 2 == 0 ? "support-bot" : "crm-summary",
            Model = i % 4 < 2 ? "claude-sonnet-4" : "claude-haiku-4-5",
            Provider = "anthropic",
            Attempts = 1,
            Usage = new TokenUsage(2_500 + i, cached, writes, 0, 50, 0),
            CostUsd = 0.001m,
            CacheWritePremiumUsd = writes * 0.75m / 1_000_000m,
            Savings = cached == 0 ? new Dictionary<SavingReason, decimal>() : new Dictionary<SavingReason, decimal> { [SavingReason.ProviderCache] = cached * 2.7m / 1_000_000m },
            LatencyMs = 40,
            StatusCode = 200,
            PromptCache = i % 7 == 6 ? null : new PromptCacheFacts(null, i % 5 == 0 ? 300 : 2_400, 1_024, 1, null),
        };
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() is long value ? value : 0;
    }

    private static string Dump(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM ledger_rollup_hourly WHERE dim = 'route_model' ORDER BY 1, 2, 3";
        using var reader = command.ExecuteReader();
        var text = new System.Text.StringBuilder();
        while (reader.Read())
        {
            for (var c = 0; c < reader.FieldCount; c++)
            {
                text.Append(reader.IsDBNull(c) ? "∅" : reader.GetValue(c)).Append('|');
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
