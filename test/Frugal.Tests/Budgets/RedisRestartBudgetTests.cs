using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Frugal.Core.Budgets;
using Frugal.Core.Budgets.Config;
using Frugal.Core.Budgets.Storage;
using Frugal.Core.Configuration;
using Frugal.Storage.Redis;
using Frugal.Storage.Redis.Budgets;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Frugal.Tests.Budgets;

/// <summary>
/// Issue #12, finding 12 (budgets): a Redis that restarted empty forgot the spend (a key spent $0.020 against a $0.01 budget).
/// Now the store keeps an epoch key; a missing one makes each gateway re-seed its own ledger's spend before it reserves.
/// These tests run their own redis-server (the shared one must never be flushed or restarted).
/// </summary>
public sealed class RedisRestartBudgetTests
{
    private const decimal Limit = 0.0003m;

    [Fact]
    public async Task After_redis_restarts_empty_an_exhausted_budget_still_refuses()
    {
        await using var redis = await PrivateRedis.StartAsync();
        await using var gateway = await BudgetTesting.StartAsync(
            $$"""{ "storage": "redis", "limits": [ { "id": "shared", "scope": "global", "window": "daily", "usd": {{Limit.ToString(CultureInfo.InvariantCulture)}} } ] }""",
            $$""", "redis": { "connection": "{{redis.Connection}}", "keyPrefix": "{{RedisTestServer.UniquePrefix()}}", "timeoutMs": 1000 }""");
        var client = gateway.ChatClient("gpt-4o-mini");
        var last = 200;
        var calls = 0;
        for (; calls < 60 && last == 200; calls++)
        {
            last = (await BudgetTesting.CallAsync(client, $"spend {calls}", maxTokens: 30)).Status;
        }

        Assert.Equal(429, last);
        var spent = (await LedgerRows.WaitForAsync(gateway, calls)).Where(r => r.Long("status") == 200).Sum(r => r.Usd("cost_nusd") ?? 0m);
        Assert.True(spent > Limit * 0.8m, $"spent {spent}");

        await redis.RestartEmptyAsync();

        // The gateway reconnects in the background: until it has, "closed" answers 503. Bounded wait for another answer.
        var attempt = 0;
        var after = await Eventually.UntilAsync(
            async () =>
            {
                var call = await BudgetTesting.CallAsync(client, $"after the restart {attempt++}", maxTokens: 30);
                return (call.Status, call.Code);
            },
            answer => answer.Status != 503,
            TimeSpan.FromSeconds(20));

        Assert.Equal((429, "budget_exceeded"), after); // on main: 200, the spend was forgotten
        var status = (await gateway.App.Services.GetRequiredService<IBudgetStatusSource>().SnapshotAsync(CancellationToken.None)).Single();
        Assert.InRange(status.SpentUsd, spent, spent + (calls * 0.000000001m)); // re-seeded from ledger.db (rounded up per hour bucket)
    }

    [Fact]
    public async Task Each_ledger_adds_its_spend_to_a_rebuilt_store_once_however_often_it_looks()
    {
        await using var redis = await PrivateRedis.StartAsync();
        var config = new RedisConfig { Connection = redis.Connection, KeyPrefix = RedisTestServer.UniquePrefix(), Timeout = TimeSpan.FromSeconds(5) };
        var budget = new BudgetDefinition { Id = "shared", Scope = BudgetScope.Global, Subject = "*", Window = BudgetWindow.Daily, LimitUsd = 1m };
        var now = new DateTimeOffset(DateTime.UtcNow.Date.AddHours(12), TimeSpan.Zero);
        var earlier = now.AddHours(-2); // spend of the window from before the first epoch opens
        await using var connectorA = new RedisConnector(config);
        await using var connectorB = new RedisConnector(config);
        using var a = new RedisBudgetStore(connectorA, new FixedHistory("ledger-a", earlier, 0.25m));
        using var b = new RedisBudgetStore(connectorB, new FixedHistory("ledger-b", earlier, 0.125m));

        Assert.Equal(0.25m, await SpentAsync(a, budget, now));   // a opens the epoch and adds its ledger
        Assert.Equal(0.375m, await SpentAsync(b, budget, now));  // b adds its own
        Assert.Equal(0.375m, await SpentAsync(a, budget, now));  // nobody adds twice
        using (var aRestarted = new RedisBudgetStore(connectorA, new FixedHistory("ledger-a", earlier, 0.25m)))
        {
            Assert.Equal(0.375m, await SpentAsync(aRestarted, budget, now)); // a restarted gateway: same ledger, not added again
        }

        await redis.FlushAllAsync(); // Redis loses everything

        var grant = await a.ReserveAsync([budget], "r1", 0.5m, 0.01m, now.AddMinutes(1), CancellationToken.None);
        Assert.Equal(0.5m, grant.GrantedUsd); // 1 − 0.25 (a re-seeded before reserving) ≥ 0.5
        await b.CheckAsync([budget], now.AddMinutes(1), CancellationToken.None); // b's refresher notices the new epoch
        var usage = (await b.UsageAsync([budget], now.AddMinutes(1), CancellationToken.None)).Single();
        Assert.Equal((0.375m, 0.5m), (usage.SpentUsd, usage.ReservedUsd));
        var refused = await b.ReserveAsync([budget], "r2", 0.2m, 0.2m, now.AddMinutes(1), CancellationToken.None);
        Assert.False(refused.Granted); // 1 − 0.375 − 0.5 = 0.125 left
    }

    [Fact]
    public async Task A_store_that_predates_epochs_is_adopted_without_adding_the_ledger_again()
    {
        await using var redis = await PrivateRedis.StartAsync();
        var config = new RedisConfig { Connection = redis.Connection, KeyPrefix = RedisTestServer.UniquePrefix(), Timeout = TimeSpan.FromSeconds(5) };
        var budget = new BudgetDefinition { Id = "old", Scope = BudgetScope.Global, Subject = "*", Window = BudgetWindow.Daily, LimitUsd = 1m };
        var now = new DateTimeOffset(DateTime.UtcNow.Date.AddHours(12), TimeSpan.Zero);
        await using var connector = new RedisConnector(config);
        var db = await connector.DatabaseAsync();
        // What an older Frugal left: spend in the hourly hash, no epoch key.
        await db.HashSetAsync(connector.Key("budget:old:daily:spent"), now.AddHours(-2).ToUnixTimeMilliseconds(), 250_000_000L);
        using var store = new RedisBudgetStore(connector, new FixedHistory("ledger", now.AddHours(-2), 0.25m));

        Assert.Equal(0.25m, await SpentAsync(store, budget, now)); // not 0.50
    }

    private static async Task<decimal> SpentAsync(RedisBudgetStore store, BudgetDefinition budget, DateTimeOffset now)
        => (await store.UsageAsync([budget], now, CancellationToken.None)).Single().SpentUsd;

    /// <summary>A ledger with one hour of spend.</summary>
    private sealed class FixedHistory(string id, DateTimeOffset at, decimal usd) : IBudgetSpendHistory
    {
        public ValueTask<string> SourceIdAsync(CancellationToken cancellationToken) => ValueTask.FromResult(id);

        public ValueTask<IReadOnlyList<(DateTimeOffset Hour, decimal Usd)>> HourlyAsync(BudgetDefinition budget, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
            => ValueTask.FromResult<IReadOnlyList<(DateTimeOffset, decimal)>>(at >= since && at < until ? [(BudgetWindow.HourOf(at), usd)] : []);
    }

    /// <summary>A redis-server of this test's own (no persistence), which it may flush or restart.</summary>
    private sealed class PrivateRedis : IAsyncDisposable
    {
        private readonly int _port;
        private Process _process;

        private PrivateRedis(int port, Process process)
        {
            _port = port;
            _process = process;
        }

        public string Connection => $"127.0.0.1:{_port}";

        public static async Task<PrivateRedis> StartAsync()
        {
            var port = FreePort();
            return new PrivateRedis(port, await LaunchAsync(port));
        }

        /// <summary>Stops the server and starts an empty one on the same port: a restart without persistence.</summary>
        public async Task RestartEmptyAsync()
        {
            Stop();
            _process = await LaunchAsync(_port);
        }

        public async Task FlushAllAsync()
        {
            await using var admin = await ConnectionMultiplexer.ConnectAsync($"{Connection},allowAdmin=true");
            await admin.GetServer(Connection).FlushAllDatabasesAsync();
        }

        public ValueTask DisposeAsync()
        {
            Stop();
            return ValueTask.CompletedTask;
        }

        private void Stop()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5_000);
            }

            _process.Dispose();
        }

        private static async Task<Process> LaunchAsync(int port)
        {
            var process = Process.Start(new ProcessStartInfo("redis-server", ["--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("could not start redis-server");
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            var listening = await Eventually.UntilAsync(
                async () =>
                {
                    try
                    {
                        using var client = new TcpClient();
                        await client.ConnectAsync(IPAddress.Loopback, port);
                        return true;
                    }
                    catch (SocketException)
                    {
                        return false;
                    }
                },
                TimeSpan.FromSeconds(5));
            if (listening)
            {
                return process;
            }

            process.Kill();
            throw new TimeoutException($"redis-server did not listen on port {port} within 5 s");
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
