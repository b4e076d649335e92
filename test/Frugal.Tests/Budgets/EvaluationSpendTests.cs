using System.Diagnostics;
using Frugal.Core.Budgets;
using Frugal.Core.Diagnostics;
using Frugal.Core.Routing.Shadow;
using Frugal.Server;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using static Frugal.Tests.Routing.RoutingTestData;

namespace Frugal.Tests.Budgets;

/// <summary>
/// Issue #13 item 9: the shadow labeller's strong and judge calls ("evaluation" ledger rows) go through the evaluation
/// pipeline, and <c>budgets.evaluationSpend</c> alone decides whether budgets count them — the same answer live, after a
/// SQLite gateway restarts on its data directory, and after Redis loses its budget data (re-seeded from ledger.db).
/// Before: SQLite counted them only after a restart, Redis never.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class EvaluationSpendTests : IDisposable
{
    private readonly StageSpans _spans = new();

    public void Dispose() => _spans.Dispose();

    [Theory]
    [InlineData("sqlite", "excluded")]
    [InlineData("sqlite", "counted")]
    [InlineData("redis", "excluded")]
    [InlineData("redis", "counted")]
    public async Task A_budget_counts_evaluation_spend_exactly_when_the_setting_says_so_live_and_after_a_reseed(string storage, string setting)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "frugal-tests", Guid.NewGuid().ToString("N")).Replace("\\", "/", StringComparison.Ordinal);
        var prefix = RedisTestServer.UniquePrefix();
        var config = Config(storage, setting, usd: "100", prefix);
        decimal spentLive;
        decimal clientUsd;
        decimal evaluationUsd;
        try
        {
            await using (var gateway = await TestGateway.StartAsync(extraJson: config, dataDir: dataDir))
            {
                using var response = await gateway.PostJsonAsync("/v1/chat/completions", Chat("labelled", "translate hello [[reply:yes]]"));
                Assert.Equal(200, (int)response.StatusCode);
                var requestId = Header(response, "x-frugal-request-id");
                await WaitForLabelsAsync(gateway, 1);

                var rows = await LedgerRows.WaitForAsync(gateway, 3);
                Assert.Equal(3, rows.Count);
                clientUsd = rows.Where(r => r.Text("endpoint") == "chat").Sum(r => r.Usd("cost_nusd") ?? 0m);
                var evaluations = rows.Where(r => r.Text("endpoint") == ShadowLabeller.EvaluationEndpoint).ToList();
                Assert.Equal([$"{requestId}-judge", $"{requestId}-shadow"], evaluations.Select(r => r.Text("request_id")).Order());
                evaluationUsd = evaluations.Sum(r => r.Usd("cost_nusd") ?? 0m);
                Assert.True(clientUsd > 0 && evaluations.All(r => r.Long("cost_nusd") > 0), $"client {clientUsd}, evaluation {evaluationUsd}");

                spentLive = await SpentAsync(gateway);
                Assert.Equal(setting == "counted" ? clientUsd + evaluationUsd : clientUsd, spentLive);

                if (storage == "redis")
                {
                    await ForgetRedisBudgetsAsync(prefix); // Redis restarted empty: the next read opens a new epoch and re-seeds from ledger.db
                    Assert.Equal(spentLive, await SpentAsync(gateway));
                }
            }

            // A restart on the same data directory: SQLite seeds from ledger.db; Redis still holds the counters it re-seeded.
            await using var restarted = await TestGateway.StartAsync(extraJson: config, dataDir: dataDir);
            Assert.Equal(spentLive, await SpentAsync(restarted));
        }
        finally
        {
            DeleteQuietly(dataDir);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("redis")]
    public async Task With_evaluation_spend_counted_a_budget_that_cannot_pay_refuses_the_evaluation_call_instead_of_overspending(string storage)
    {
        // $0.0002: the client's call on gpt-4o-mini (worst case ≈ $0.00002 with 30 output tokens) fits; the shadow call
        // on claude-sonnet-4 needs ≈ $0.00026 even at the minimum of 16 output tokens (it costs $0.000054 when it runs).
        var logs = new CapturedLogs();
        await using var gateway = await TestGateway.StartAsync(extraJson: Config(storage, "counted", usd: "0.0002", RedisTestServer.UniquePrefix()), logs: logs);

        using var response = await gateway.PostJsonAsync("/v1/chat/completions", """{"model":"labelled","max_tokens":30,"messages":[{"role":"user","content":"translate hello [[reply:yes]]"}]}""");
        Assert.Equal(200, (int)response.StatusCode);
        var requestId = Header(response, "x-frugal-request-id");
        var refused = await Eventually.UntilAsync(
            () => Task.FromResult(logs.Lines.Where(l => l.Contains($"Shadow labelling of {requestId}", StringComparison.Ordinal)).ToList()),
            lines => lines.Count > 0,
            TimeSpan.FromSeconds(15));

        Assert.Equal([$"Shadow labelling of {requestId}: the shadow call to claude-sonnet-4 failed (budget_exceeded)"], refused.Select(LogText));
        Assert.Empty(await gateway.App.Services.GetRequiredService<IRouterLabelStore>().ReadAsync("labelled", CancellationToken.None));
        var rows = await LedgerRows.WaitForAsync(gateway, 2);
        var shadow = Assert.Single(rows, r => r.Text("endpoint") == ShadowLabeller.EvaluationEndpoint);
        Assert.Equal((429L, 0L), (shadow.Long("status"), shadow.Long("cost_nusd"))); // refused before any upstream call
        Assert.DoesNotContain(gateway.Mock.RecentRequests, r => r.Body.Contains("claude-sonnet-4", StringComparison.Ordinal));
        var clientUsd = rows.Single(r => r.Text("endpoint") == "chat").Usd("cost_nusd");
        Assert.Equal(clientUsd, await SpentAsync(gateway));
    }

    [Fact]
    public async Task With_the_store_unreachable_and_onStoreUnavailable_open_evaluation_calls_run_unenforced_like_client_calls()
    {
        using var refusing = new RefusedPort();
        var logs = new CapturedLogs();
        var config = Config("redis", "counted", usd: "100", redisJson: $$""", "redis": { "connection": "127.0.0.1:{{refusing.Port}}", "timeoutMs": 200 }""")
            .Replace("\"evaluationSpend\"", "\"onStoreUnavailable\": \"open\", \"evaluationSpend\"", StringComparison.Ordinal);
        await using var gateway = await TestGateway.StartAsync(extraJson: config, logs: logs);

        using var response = await gateway.PostJsonAsync("/v1/chat/completions", Chat("labelled", "translate hello [[reply:yes]]"));
        Assert.Equal(200, (int)response.StatusCode);
        var label = Assert.Single(await WaitForLabelsAsync(gateway, 1));

        Assert.True(label.WeakGoodEnough); // the judge answered in full: no output cap from a grant the store never gave
        Assert.DoesNotContain(gateway.Mock.RecentRequests, r => r.Body.Contains("\"max_completion_tokens\":0", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("Shadow labelling of", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("WITHOUT budget or rate-limit enforcement", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("excluded", new[] { "Ledger", "Dispatch" })]
    [InlineData("counted", new[] { "Ledger", "EvaluationBudget", "BudgetReservation", "Dispatch" })]
    public async Task Each_evaluation_call_has_one_span_per_stage_of_the_evaluation_pipeline(string setting, string[] outermostFirst)
    {
        await using var gateway = await TestGateway.StartAsync(extraJson: Config("sqlite", setting, usd: "100"));

        using var response = await gateway.PostJsonAsync("/v1/chat/completions", Chat("labelled", "translate hello [[reply:yes]]"));
        var requestId = Header(response, "x-frugal-request-id");
        await WaitForLabelsAsync(gateway, 1);

        foreach (var (purpose, model) in new[] { ("shadow", "claude-sonnet-4"), ("judge", "gpt-4o-mini") })
        {
            var id = $"{requestId}-{purpose}";
            var spans = await _spans.ForRequestAsync(id, outermostFirst.Length);
            Assert.Equal(outermostFirst.Order(), spans.Select(s => s.DisplayName).Order());
            for (var i = 1; i < outermostFirst.Length; i++)
            {
                Assert.Equal(spans.Single(s => s.DisplayName == outermostFirst[i - 1]).SpanId, spans.Single(s => s.DisplayName == outermostFirst[i]).ParentSpanId);
            }

            Assert.All(spans, s => Assert.NotEqual(ActivityStatusCode.Error, s.Status));
            Assert.EndsWith(model, (string?)spans.Single(s => s.DisplayName == "Dispatch").GetTagItem("frugal.target"), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("excluded", false)]
    [InlineData("counted", true)]
    public void The_setting_is_read_with_excluded_as_the_default(string? value, bool counted)
    {
        var section = value is null ? "{}" : $$"""{ "evaluationSpend": "{{value}}" }""";
        var result = ConfigLoader.Parse($$"""{ "budgets": {{section}} }""", "test");

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal(counted, result.Config!.Budgets.CountEvaluationSpend);
    }

    [Theory]
    [InlineData("\"Counted\"", "'Counted' is not one of: excluded, counted")]
    [InlineData("\"always\"", "'always' is not one of: excluded, counted")]
    [InlineData("true", "must be a string")]
    public void An_unknown_value_is_refused_with_its_path(string value, string message)
    {
        var result = ConfigLoader.Parse($$"""{ "budgets": { "evaluationSpend": {{value}} } }""", "test");

        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Path == "$.budgets.evaluationSpend" && p.Message.Contains(message, StringComparison.Ordinal));
    }

    /// <summary>A routed, shadow-labelled route (every cheap answer sampled; a priced judge) and one global budget.</summary>
    private static string Config(string storage, string setting, string usd, string? redisPrefix = null, string? redisJson = null)
        => $$"""
            , "budgets": { "storage": "{{storage}}", "evaluationSpend": "{{setting}}",
                           "limits": [ { "id": "all", "scope": "global", "window": "daily", "usd": {{usd}} } ] }
            , "routes": {
                "labelled": { "strategy": "complexity",
                              "tiers": { "fast": "gpt-4o-mini", "balanced": "gpt-4o-mini", "powerful": "claude-sonnet-4" },
                              "shadow": { "sample": 1.0, "judge": "gpt-4o-mini" } }
              }
            """ + (redisJson ?? (storage == "redis" ? RedisTestServer.ConfigJson(redisPrefix ?? RedisTestServer.UniquePrefix()) : ""));

    private static async Task<decimal> SpentAsync(TestGateway gateway)
        => (await gateway.App.Services.GetRequiredService<IBudgetStatusSource>().SnapshotAsync(CancellationToken.None)).Single(b => b.Id == "all").SpentUsd;

    private static Task<IReadOnlyList<RouterLabelRecord>> WaitForLabelsAsync(TestGateway gateway, int count)
        => Eventually.UntilAsync(
            () => gateway.App.Services.GetRequiredService<IRouterLabelStore>().ReadAsync("labelled", CancellationToken.None),
            labels => labels.Count >= count,
            TimeSpan.FromSeconds(15));

    /// <summary>Deletes every key of this test's prefix (the epoch key included) on the shared server: what a restart without persistence does to this gateway's budgets.</summary>
    private static async Task ForgetRedisBudgetsAsync(string prefix)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(RedisTestServer.Connection);
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var keys = new List<RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: prefix + "*"))
        {
            keys.Add(key);
        }

        Assert.Contains(keys, k => k.ToString().EndsWith("budget:epoch", StringComparison.Ordinal));
        await redis.GetDatabase().KeyDeleteAsync([.. keys]);
    }

    private static string LogText(string line) => line[line.IndexOf("Shadow labelling of", StringComparison.Ordinal)..].TrimEnd();

    private static void DeleteQuietly(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
