using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Frugal.MockUpstream;
using Frugal.Tests.Infrastructure;
using OpenAI;
using OpenAI.Chat;
using Xunit.Abstractions;

namespace Frugal.Tests.Budgets;

/// <summary>
/// <c>"storage": "redis"</c>: two real `frugal serve` processes share one budget through a real redis-server,
/// and the bound holds across both. Unreachable Redis: "closed" refuses with 503, "open" admits and warns.
/// </summary>
public sealed class RedisBudgetTests(ITestOutputHelper output)
{
    private const decimal Limit = 0.0003m;

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Two_gateway_processes_never_spend_more_than_one_shared_budget()
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions());
        var prefix = RedisTestServer.UniquePrefix();
        var dirs = new[] { TempDir(), TempDir() };
        var environment = new Dictionary<string, string> { [TestGateway.ProviderKeyVariable] = TestGateway.ProviderSecret };
        await using var first = await GatewayProcess.StartAsync(Config(mock, dirs[0], prefix), environment);
        await using var second = await GatewayProcess.StartAsync(Config(mock, dirs[1], prefix), environment);

        var clients = new[] { Client(first.BaseUri), Client(second.BaseUri) };
        // Waves of 20 concurrent calls, 10 to each process, until a whole wave is refused: both processes
        // compete for the same last cents, wave after wave.
        var results = new List<(int Status, string? Code, ClientResult<ChatCompletion>? Result)>();
        for (var wave = 0; wave < 20; wave++)
        {
            var round = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => BudgetTesting.CallAsync(clients[i % 2], $"shared {wave}-{i}", maxTokens: 30)));
            results.AddRange(round);
            if (round.All(r => r.Status != 200))
            {
                break;
            }
        }

        var admitted = results.Count(r => r.Status == 200);
        Assert.All(results.Where(r => r.Status != 200), r => Assert.Equal((429, "budget_exceeded"), (r.Status, r.Code)));
        var rowsByProcess = new List<List<Dictionary<string, object?>>>();
        foreach (var dir in dirs)
        {
            rowsByProcess.Add(await WaitForRowsAsync(dir, results.Count / 2));
        }

        var rows = rowsByProcess.SelectMany(r => r).ToList();

        var ok = rows.Where(r => r.Long("status") == 200).ToList();
        Assert.Equal(admitted, ok.Count);
        var spent = ok.Sum(r => r.Usd("cost_nusd") ?? 0m);
        var perProcess = rowsByProcess.Select(r => r.Count(row => row.Long("status") == 200)).ToList();
        var largestReservation = (20 * 0.15m + 30 * 0.60m) / 1_000_000m;
        output.WriteLine($"two processes: admitted {admitted}/{results.Count} ({perProcess[0]} + {perProcess[1]}), spent ${spent} of ${Limit} (overshoot ${spent - Limit}, bound ${largestReservation})");
        Assert.True(admitted > 0 && admitted < results.Count);
        Assert.True(spent <= Limit, $"spent {spent} > limit {Limit}: the processes did not share the budget");
        Assert.True(spent > Limit * 0.8m, $"the shared budget is used up, not stranded in reservations: {spent}");
        // Each process alone could have spent the whole limit; together they stayed within it, and both served calls.
        Assert.All(perProcess, count => Assert.True(count > 0, "both processes served calls"));

        using var budgets = await first.Http.GetAsync(new Uri("/admin/budgets", UriKind.Relative));
        var status = JsonDocument.Parse(await budgets.Content.ReadAsStringAsync()).RootElement.GetProperty("data")[0];
        var sharedSpent = status.GetProperty("spent_usd").GetDecimal();
        Assert.InRange(sharedSpent, spent, spent + (admitted * 0.000000001m)); // Redis rounds each settlement up to a whole nano-dollar
        Assert.Equal(0m, status.GetProperty("reserved_usd").GetDecimal());
    }

    [Fact]
    public async Task With_redis_unreachable_closed_refuses_with_503_and_open_admits_with_a_warning()
    {
        using var refusing = new RefusedPort();
        var deadRedis = $$""", "redis": { "connection": "127.0.0.1:{{refusing.Port}}", "timeoutMs": 200 }""";
        var closedLogs = new CapturedLogs();
        await using (var closed = await BudgetTesting.StartAsync("""{ "storage": "redis", "limits": [ { "scope": "global", "window": "daily", "usd": 1 } ] }""", deadRedis, closedLogs))
        {
            using var refused = await closed.PostJsonAsync("/v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""");
            var error = await OpenAIError.AssertAsync(refused, 503, "budget_store_unavailable");
            Assert.Contains("onStoreUnavailable", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Contains(closedLogs.Lines, l => l.Contains("Budget store unreachable; refusing the request", StringComparison.Ordinal));
            Assert.Equal(0, closed.Mock.Stats.TotalRequests);
        }

        var openLogs = new CapturedLogs();
        await using var open = await BudgetTesting.StartAsync("""{ "storage": "redis", "onStoreUnavailable": "open", "limits": [ { "scope": "global", "window": "daily", "usd": 1 } ] }""", deadRedis, openLogs);
        var admitted = await BudgetTesting.CallAsync(open.ChatClient("gpt-4o-mini"), "hi");
        Assert.Equal(200, admitted.Status);
        Assert.Contains(openLogs.Lines, l => l.Contains("WITHOUT budget or rate-limit enforcement", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rate_limits_in_redis_admit_exactly_the_allowance_across_two_connections()
    {
        // A generous timeout: this test counts admissions, and on a saturated CI box (the 1M-row and browser tests run
        // alongside) a 100-call burst on fresh connections can outlast the 2 s default and surface as "store unavailable".
        var config = new Frugal.Core.Configuration.RedisConfig { Connection = RedisTestServer.Connection, KeyPrefix = RedisTestServer.UniquePrefix(), Timeout = TimeSpan.FromSeconds(10) };
        await using var one = new Frugal.Storage.Redis.RedisConnector(config);
        await using var two = new Frugal.Storage.Redis.RedisConnector(config); // two connections, as two gateway processes have
        var stores = new[] { new Frugal.Storage.Redis.Budgets.RedisBudgetStore(one), new Frugal.Storage.Redis.Budgets.RedisBudgetStore(two) };
        var rule = new Frugal.Core.Budgets.Config.RateLimitRule { Scope = Frugal.Core.Budgets.Config.BudgetScope.Team, Subject = "ml", RequestsPerMinute = 30 };
        var now = new DateTimeOffset(2026, 11, 23, 12, 0, 30, TimeSpan.Zero);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i => await stores[i % 2].ConsumeRateAsync([rule], 10, now, CancellationToken.None)));
        var nextMinute = await stores[0].ConsumeRateAsync([rule], 10, now.AddSeconds(30), CancellationToken.None);

        Assert.Equal(30, outcomes.Count(o => o.IsAdmitted));
        Assert.All(outcomes.Where(o => !o.IsAdmitted), o => Assert.Equal(("team:ml", "requests", 30L), (o.RuleId, o.Counter, o.Limit)));
        Assert.True(nextMinute.IsAdmitted, "a new UTC minute starts a new allowance");
    }

    private static string Config(MockUpstreamServer mock, string dataDir, string prefix) => $$"""
        {
          "dataDir": "{{dataDir}}",
          "auth": { "mode": "none" },
          "providers": { "mock": { "kind": "openai", "baseUrl": "{{mock.BaseUri.AbsoluteUri.TrimEnd('/')}}/v1", "apiKeyEnv": "{{TestGateway.ProviderKeyVariable}}" } },
          "models": { "gpt-4o-mini": { "provider": "mock" } },
          "budgets": { "storage": "redis", "limits": [ { "id": "shared", "scope": "global", "window": "daily", "usd": {{Limit}} } ] }
          {{RedisTestServer.ConfigJson(prefix)}}
        }
        """;

    private static ChatClient Client(Uri baseUri) => new("gpt-4o-mini", new ApiKeyCredential("unused"), new OpenAIClientOptions
    {
        Endpoint = new Uri(baseUri, "/v1"),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        NetworkTimeout = TimeSpan.FromSeconds(30),
    });

    /// <summary>The other process's ledger writer commits in the background: wait (bounded) for its rows.</summary>
    private static Task<List<Dictionary<string, object?>>> WaitForRowsAsync(string dataDir, int count)
        => Eventually.UntilAsync(
            async () => File.Exists(Path.Combine(dataDir, "ledger.db")) ? await LedgerRows.ReadAsync(dataDir) : [],
            rows => rows.Count >= count,
            TimeSpan.FromSeconds(15));

    private static string TempDir() => Path.Combine(Path.GetTempPath(), "frugal-tests", Guid.NewGuid().ToString("N")).Replace("\\", "/", StringComparison.Ordinal);
}
