using System.Net;
using System.Text.Json;
using Frugal.Core.Accounting.Ledger;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Tests.Hosting;

public sealed class ReadinessTests
{
    [Fact]
    public async Task Healthz_and_readyz_answer_GET_and_HEAD_without_a_key()
    {
        var dataDir = HostedGateway.NewDataDir();
        await using var gateway = await HostedGateway.StartAsync(HostedGateway.Config(dataDir).Replace("\"none\"", "\"keys\"", StringComparison.Ordinal), dataDir);
        using var http = new HttpClient { BaseAddress = gateway.BaseUri };

        foreach (var path in new[] { "/healthz", "/readyz" })
        {
            using var get = await http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }

        using var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("ready", body.RootElement.GetProperty("status").GetString());
        var ledger = Assert.Single(body.RootElement.GetProperty("checks").EnumerateArray());
        Assert.Equal("ledger", ledger.GetProperty("name").GetString());
        Assert.Equal("ok", ledger.GetProperty("status").GetString());
        Assert.DoesNotContain(dataDir, body.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_is_503_naming_redis_when_the_configured_redis_is_down_and_says_nothing_of_where_it_is()
    {
        using var refused = new RefusedPort();
        var dataDir = HostedGateway.NewDataDir();
        var config = HostedGateway.Config(dataDir, $$""", "cache": { "enabled": true, "backend": "redis" }, "redis": { "connection": "127.0.0.1:{{refused.Port}},password=hunter2", "timeoutMs": 200 }""");
        await using var gateway = await HostedGateway.StartAsync(config, dataDir);
        using var http = new HttpClient { BaseAddress = gateway.BaseUri };

        using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        using var body = JsonDocument.Parse(text);
        Assert.Equal("not_ready", body.RootElement.GetProperty("status").GetString());
        var redis = body.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "redis");
        Assert.Equal("fail", redis.GetProperty("status").GetString());
        Assert.DoesNotContain(refused.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/readyz"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, head.StatusCode);
        using var live = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode); // alive, just not ready
    }

    [Fact]
    public async Task Readyz_is_200_with_a_redis_check_when_redis_answers()
    {
        var dataDir = HostedGateway.NewDataDir();
        var config = HostedGateway.Config(dataDir, """, "cache": { "enabled": true, "backend": "redis" }""" + RedisTestServer.ConfigJson(RedisTestServer.UniquePrefix()));
        await using var gateway = await HostedGateway.StartAsync(config, dataDir);
        using var http = new HttpClient { BaseAddress = gateway.BaseUri };

        using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"name\":\"redis\",\"status\":\"ok\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_is_503_while_ledger_commits_fail_and_200_again_once_they_succeed()
    {
        var store = new SwitchableLedgerStore();
        var dataDir = HostedGateway.NewDataDir();
        await using var gateway = await HostedGateway.StartAsync(HostedGateway.Config(dataDir), dataDir,
            configureServices: services => services.AddSingleton<ILedgerStore>(store));
        using var http = new HttpClient { BaseAddress = gateway.BaseUri };
        using var content = new StringContent("""{"model":"no-such-model","messages":[{"role":"user","content":"hi"}]}""", System.Text.Encoding.UTF8, "application/json");

        store.Failing = true;
        using (await http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), content))
        {
            // Refused (unknown model), but still one ledger entry for the writer to fail on.
        }

        var notReady = await Eventually.UntilAsync(
            async () =>
            {
                using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
                return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            },
            last => last.StatusCode == HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        var notReadyBody = notReady.Body;
        Assert.Contains("commit attempt(s) failed", notReadyBody, StringComparison.Ordinal);

        store.Failing = false;
        var ready = await Eventually.UntilAsync(async () =>
        {
            using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(15));
        Assert.True(ready);
        Assert.Equal(1, store.Written);
    }

    /// <summary>A ledger store that throws while <see cref="Failing"/> (a full disk, a locked file) and counts what it took.</summary>
    private sealed class SwitchableLedgerStore : ILedgerStore
    {
        private int _written;
        private volatile bool _failing;

        public bool Failing
        {
            get => _failing;
            set => _failing = value;
        }

        public int Written => Volatile.Read(ref _written);

        public Task WriteBatchAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
        {
            if (Failing)
            {
                throw new IOException("disk I/O error (test)");
            }

            Interlocked.Add(ref _written, entries.Count);
            return Task.CompletedTask;
        }
    }
}
