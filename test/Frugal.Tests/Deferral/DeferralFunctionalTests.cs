using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Admission;
using Frugal.Core.Batching;
using Frugal.MockUpstream;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;
using Frugal.Server.Batching;
using Frugal.Storage.Sqlite;
using Frugal.Storage.Sqlite.Batching;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Frugal.Tests.Deferral;

/// <summary>
/// Deferral end to end over the real parts: the gateway with its real batch jobs (<see cref="IBatchJobs"/> registered by
/// GatewayHost), the OpenAI batch client talking to MockUpstream's Files + Batches API (the <c>mock</c> provider is on
/// 127.0.0.1, so <c>"batch": true</c> is set to give it a batch client), the official OpenAI SDK, keys mode. One
/// MockUpstream per test outlives a restarted gateway, so the provider batches an earlier gateway created are still there.
/// </summary>
public sealed class DeferralFunctionalTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Secret = "whsec-functional";

    /// <summary>Every provider (mock is openai on loopback) gets its batch client.</summary>
    private const string ProviderBatches = """, "batch": true""";

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "frugal-tests", "deferral-fn-" + Guid.NewGuid().ToString("N"));
    private MockUpstreamServer _mock = null!;
    private TestGateway _gateway = null!;

    /// <summary>A fast coordinator (ticks 20 ms, provider batches polled every 50 ms) and a gatherer pass every second.</summary>
    private static string Config(int maxBatchSize = 50, int maxAgeSeconds = 3600) => $$"""
        , "cache": { "enabled": true },
          "batches": { "tickMilliseconds": 20, "pollSeconds": 0.05, "maxPollSeconds": 0.2, "concurrency": 16 },
          "deferral": { "enabled": true, "maxBatchSize": {{maxBatchSize}}, "maxAgeSeconds": {{maxAgeSeconds}}, "gatherIntervalSeconds": 1,
                        "webhook": { "secret": "{{Secret}}" },
                        "keys": { "nightly": { "defer": "24h" } } }
        """;

    public async Task InitializeAsync()
    {
        // The mock's batches end 300 ms after creation (validating, in progress, then answered on the next poll).
        _mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { BatchDelayMs = 300 });
        _gateway = await StartAsync(Config());
    }

    private Task<TestGateway> StartAsync(string config)
        => TestGateway.StartAsync(authMode: "keys", extraJson: config, providerExtras: ProviderBatches, dataDir: _dataDir, mock: _mock);

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _mock.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A pooled SQLite handle; the temp directory is cleaned eventually.
        }
    }

    private async Task<string> KeyAsync(string name, TestGateway? gateway = null)
    {
        var store = new SqliteKeyStore(new SqliteDatabase(Path.Combine((gateway ?? _gateway).DataDir, "frugal.db")));
        return (await VirtualKeys.CreateAsync(store, name, null, [], TimeProvider.System, CancellationToken.None)).Key;
    }

    private static BinaryContent ChatBody(string prompt, bool stream = false)
        => BinaryContent.Create(BinaryData.FromString(JsonSerializer.Serialize(new
        {
            model = "gpt-4o-mini",
            stream,
            messages = new[] { new { role = "user", content = prompt } },
        })));

    /// <summary>A deferred call through the SDK's protocol method (the convenience method cannot see a 202's Location).</summary>
    private static async Task<(int Status, string? Location, JsonElement Body)> DeferAsync(TestGateway gateway, string key, string prompt, string directive = "24h")
    {
        // The SDK classifies only 200 as success for chat: NoThrow hands the 202 back as a raw response.
        var options = new RequestOptions { ErrorOptions = ClientErrorBehaviors.NoThrow };
        options.AddHeader("x-frugal-defer", directive);
        var result = await gateway.ChatClient("gpt-4o-mini", key).CompleteChatAsync(ChatBody(prompt), options);
        var response = result.GetRawResponse();
        response.Headers.TryGetValue("Location", out var location);
        return (response.Status, location, JsonDocument.Parse(response.Content.ToString()).RootElement.Clone());
    }

    private static async Task<HttpResponseMessage> GetAsync(TestGateway gateway, string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await gateway.Http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PostAsync(TestGateway gateway, string key, string body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await gateway.Http.SendAsync(request);
    }

    private static string Prompt(int i) => $"deferred report {i}: summarise ticket {i * 7}";

    /// <summary>Defers calls <paramref name="from"/>..<paramref name="to"/> (exclusive) and returns their ids.</summary>
    private static async Task<List<string>> DeferManyAsync(TestGateway gateway, string key, int from, int to)
    {
        var ids = new List<string>(to - from);
        for (var i = from; i < to; i++)
        {
            var (status, location, body) = await DeferAsync(gateway, key, Prompt(i));
            Assert.Equal(202, status);
            var id = body.GetProperty("id").GetString()!;
            Assert.Equal("/v1/deferred/" + id, location);
            Assert.Equal("deferred", body.GetProperty("object").GetString());
            Assert.Equal("pending", body.GetProperty("status").GetString());
            ids.Add(id);
        }

        return ids;
    }

    /// <summary>
    /// Polls <c>GET /v1/deferred/{id}</c> (bounded) until every id answers 200, and returns each body and its
    /// <c>x-frugal-cost-usd</c>.
    /// </summary>
    private static async Task<Dictionary<string, (byte[] Body, decimal Cost)>> FetchAllAsync(TestGateway gateway, string key, IReadOnlyList<string> ids)
    {
        var done = new Dictionary<string, (byte[] Body, decimal Cost)>(StringComparer.Ordinal);
        await Eventually.UntilAsync(
            async () =>
            {
                foreach (var id in ids)
                {
                    if (done.ContainsKey(id))
                    {
                        continue;
                    }

                    using var response = await GetAsync(gateway, "/v1/deferred/" + id, key);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        var cost = decimal.Parse(response.Headers.GetValues("x-frugal-cost-usd").Single(), CultureInfo.InvariantCulture);
                        done[id] = (await response.Content.ReadAsByteArrayAsync(), cost);
                    }
                    else
                    {
                        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                    }
                }

                return done.Count;
            },
            n => n == ids.Count,
            TimeSpan.FromSeconds(60));
        Assert.Equal(ids.Count, done.Count);
        return done;
    }

    /// <summary>The batch jobs' ledger rows of these deferred calls (custom_id = the deferred id), exactly one per call.</summary>
    private static async Task<Dictionary<string, Dictionary<string, object?>>> LineRowsAsync(TestGateway gateway, IReadOnlyCollection<string> ids)
    {
        var rows = await LedgerRows.WaitForAsync(gateway, ids.Count, "custom_id LIKE 'def_%'", timeoutMs: 30_000);
        var byId = new Dictionary<string, Dictionary<string, object?>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            Assert.True(byId.TryAdd(row.Text("custom_id")!, row), $"{row.Text("custom_id")} was billed twice");
        }

        Assert.Equal(ids.Order(StringComparer.Ordinal), byId.Keys.Order(StringComparer.Ordinal));
        return byId;
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Two_hundred_deferred_calls_run_as_provider_batches_and_are_billed_at_the_catalog_batch_price()
    {
        const int calls = 200;
        var key = await KeyAsync("reports");
        var ids = await DeferManyAsync(_gateway, key, 0, calls);

        // Gathered per key and model into jobs of maxBatchSize (50), each a provider batch on MockUpstream.
        var results = await FetchAllAsync(_gateway, key, ids);
        foreach (var (body, _) in results.Values)
        {
            var completion = JsonDocument.Parse(body).RootElement;
            Assert.Equal("chat.completion", completion.GetProperty("object").GetString());
            Assert.NotEmpty(completion.GetProperty("choices").EnumerateArray());
        }

        var lineRows = await LineRowsAsync(_gateway, ids);
        var store = _gateway.App.Services.GetRequiredService<SqliteBatchStore>();
        var jobIds = lineRows.Values.Select(r => r.Text("batch_id")!).Distinct(StringComparer.Ordinal).ToList();
        Assert.Equal(4, jobIds.Count);
        foreach (var id in jobIds)
        {
            // The lines are final (and announced) before the job writes its output file and says completed.
            await Eventually.UntilAsync(() => Task.FromResult(store.FindJob(id)!.Status), s => s == BatchStatus.Completed, TimeSpan.FromSeconds(20));
        }

        Assert.All(jobIds, id =>
        {
            var job = store.FindJob(id)!;
            Assert.Equal(BatchJobs.DeferredOrigin, job.Origin);
            Assert.Equal(BatchJobRecord.ProviderExecution, job.Execution);
            Assert.Equal(BatchStatus.Completed, job.Status);
            Assert.Single(store.ProviderBatchIds(id)); // one provider batch on MockUpstream, no retry
        });

        var prices = _gateway.App.Services.GetRequiredService<PriceBook>();
        Assert.True(prices.TryFindForCall("gpt-4o-mini", "gpt-4o-mini", DateTimeOffset.UtcNow, out var price));
        Assert.Equal(0.5m, price!.BatchDiscount);
        var deferredCost = 0m;
        var batchSaving = 0m;
        foreach (var id in ids)
        {
            var row = lineRows[id];
            var usage = new TokenUsage(row.Long("input_tokens"), row.Long("cached_input_tokens"), row.Long("cache_write_5m_tokens"), row.Long("cache_write_1h_tokens"), row.Long("output_tokens"), row.Long("reasoning_tokens"));
            var cost = row.Usd("cost_nusd")!.Value;
            Assert.Equal(1L, row.Long("batched"));
            Assert.Equal(CostCalculator.Compute(price, usage, batch: true).TotalUsd, cost);
            Assert.Equal(CostCalculator.Compute(price, usage).TotalUsd - cost, row.Usd("saved_batch_nusd"));
            Assert.Equal(cost, results[id].Cost); // what GET /v1/deferred reports is what the line was billed
            deferredCost += cost;
            batchSaving += row.Usd("saved_batch_nusd")!.Value;
        }

        // The 202s: one ledger row each, cost 0, tagged; the money is on the batch job's line rows.
        var accepted = await LedgerRows.WaitForAsync(_gateway, calls, "tags LIKE '%\"deferred\"%'");
        Assert.All(accepted, row => Assert.Equal(0m, row.Usd("cost_nusd")));

        // The same 200 calls synchronously (no header): the cache stored no placeholder, so each goes upstream.
        var client = _gateway.ChatClient("gpt-4o-mini", key);
        for (var i = 0; i < calls; i++)
        {
            await client.CompleteChatAsync([new OpenAI.Chat.UserChatMessage(Prompt(i))]);
        }

        var sync = await LedgerRows.WaitForAsync(_gateway, calls, "batch_id IS NULL AND tags NOT LIKE '%\"deferred\"%'");
        Assert.Equal(calls, sync.Count);
        var syncCost = sync.Sum(row => row.Usd("cost_nusd") ?? 0m);
        output.WriteLine(FormattableString.Invariant(
            $"200 calls: synchronous ${syncCost:0.000000000}, deferred ${deferredCost:0.000000000} ({deferredCost / syncCost:P1} of synchronous), batch saving on the ledger ${batchSaving:0.000000000}"));
        Assert.Equal(syncCost, deferredCost + batchSaving);
        Assert.Equal(syncCost / 2, deferredCost);
    }

    [Fact]
    public async Task A_key_with_a_defer_policy_is_deferred_without_a_header_and_can_opt_out()
    {
        var key = await KeyAsync("nightly");
        using var deferred = await PostAsync(_gateway, key, """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"policy deferral"}]}""");
        Assert.Equal(HttpStatusCode.Accepted, deferred.StatusCode);
        Assert.StartsWith("/v1/deferred/def_", deferred.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var now = await PostAsync(_gateway, key, """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"policy opt-out"}]}""", ("x-frugal-defer", "off"));
        Assert.Equal(HttpStatusCode.OK, now.StatusCode);
        Assert.Equal("chat.completion", JsonDocument.Parse(await now.Content.ReadAsStringAsync()).RootElement.GetProperty("object").GetString());
    }

    [Fact]
    public async Task A_cache_hit_is_answered_at_once_with_200()
    {
        var key = await KeyAsync("cached");
        await _gateway.ChatClient("gpt-4o-mini", key).CompleteChatAsync([new OpenAI.Chat.UserChatMessage("what is the capital of France")]);
        using var hit = await PostAsync(_gateway, key, """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"what is the capital of France"}]}""", ("x-frugal-defer", "24h"));
        Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
        Assert.Equal("hit", hit.Headers.GetValues("x-frugal-cache").Single());
        await LedgerRows.FlushAsync(_gateway);
        Assert.Empty(await LedgerRows.ReadAsync(_dataDir, "tags LIKE '%\"deferred\"%'"));
    }

    [Fact]
    public async Task Streaming_requests_are_refused_with_a_clear_400()
    {
        var key = await KeyAsync("streamer");
        using var response = await PostAsync(_gateway, key, """{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"stream me later"}]}""", ("x-frugal-defer", "24h"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("defer_stream_unsupported", error.GetProperty("code").GetString());
        Assert.Contains("Streaming requests cannot be deferred", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_key_gets_404_for_the_same_id()
    {
        var alice = await KeyAsync("alice");
        var bob = await KeyAsync("bob");
        var (_, location, _) = await DeferAsync(_gateway, alice, "alice's private deferred question");
        using (var own = await GetAsync(_gateway, location!, alice))
        {
            Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
            Assert.Equal(location, own.Headers.Location!.OriginalString);
        }

        foreach (var path in new[] { location!, "/v1/deferred/def_000000000000000000000000", "/v1/deferred/nope", "/v1/deferred/def_%27%20OR%201%3D1" })
        {
            using var other = await GetAsync(_gateway, path, path == location ? bob : alice);
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
            Assert.Equal("deferred_not_found", JsonDocument.Parse(await other.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString());
        }

        using var anonymous = await GetAsync(_gateway, location!, "fk-not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Theory]
    [InlineData("x-frugal-defer", "tomorrow")]
    [InlineData("x-frugal-defer", "24h, off")]
    [InlineData("x-frugal-defer", "86400")]
    [InlineData("x-frugal-defer-webhook", "file:///etc/passwd")]
    [InlineData("x-frugal-defer-webhook", "ftp://127.0.0.1/")]
    [InlineData("x-frugal-defer-webhook", "http://user:secret@127.0.0.1/")]
    public async Task Bad_header_values_are_a_400_and_nothing_is_stored(string header, string value)
    {
        var key = await KeyAsync("fuzz");
        (string, string)[] headers = header == "x-frugal-defer" ? [(header, value)] : [("x-frugal-defer", "24h"), (header, value)];
        using var response = await PostAsync(_gateway, key, """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"fuzz"}]}""", headers);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal(header, error.GetProperty("param").GetString());
        Assert.Empty(new global::Frugal.Storage.Sqlite.Deferral.SqliteDeferredStore(new SqliteDatabase(Path.Combine(_dataDir, "deferral.db"))).PendingGroups(10));
    }

    [Fact]
    public async Task Pending_calls_are_gathered_after_a_restart_and_a_provider_batch_in_flight_at_a_stop_is_served_after_the_next_start()
    {
        var key = await KeyAsync("restart");

        // Three calls wait (maxAge 1 h, batches of 50); then the gateway stops.
        var waiting = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            waiting.Add((await DeferAsync(_gateway, key, $"restart waiting {i}")).Body.GetProperty("id").GetString()!);
        }

        await _gateway.DisposeAsync();

        // Restarted with batches of 3: the stored calls are gathered once, from the file, and submitted.
        _gateway = await StartAsync(Config(maxBatchSize: 3));
        Assert.NotEqual("pending", await Eventually.UntilAsync(() => StatusAsync(_gateway, key, waiting[0]), s => s != "pending", TimeSpan.FromSeconds(20)));

        // The gateway stops with the provider batch in flight on MockUpstream; the next start polls it and serves the results.
        await _gateway.DisposeAsync();
        _gateway = await StartAsync(Config(maxBatchSize: 3));
        await FetchAllAsync(_gateway, key, waiting);
        var rows = await LineRowsAsync(_gateway, waiting);
        Assert.Single(rows.Values.Select(r => r.Text("batch_id")).Distinct()); // never submitted twice
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_restart_in_the_middle_of_two_hundred_deferred_calls_bills_each_once_and_serves_every_result()
    {
        const int calls = 200;
        var key = await KeyAsync("restart-200");

        // 120 calls: two groups of 50 go to provider batches at once, 20 wait; the gateway stops while those run.
        var ids = await DeferManyAsync(_gateway, key, 0, 120);
        Assert.NotEqual("pending", await Eventually.UntilAsync(() => StatusAsync(_gateway, key, ids[0]), s => s != "pending", TimeSpan.FromSeconds(20)));
        await _gateway.DisposeAsync();

        // A second gateway over the same data directory and the same upstream takes the other 80.
        _gateway = await StartAsync(Config());
        ids.AddRange(await DeferManyAsync(_gateway, key, 120, calls));

        var results = await FetchAllAsync(_gateway, key, ids);
        Assert.All(results.Values, r => Assert.Equal("chat.completion", JsonDocument.Parse(r.Body).RootElement.GetProperty("object").GetString()));
        var rows = await LineRowsAsync(_gateway, ids); // exactly one billed line per call
        Assert.All(rows.Values, row => Assert.Equal(1L, row.Long("batched")));
        Assert.Equal(results.Values.Sum(r => r.Cost), rows.Values.Sum(r => r.Usd("cost_nusd")!.Value));
        var jobs = rows.Values.Select(r => r.Text("batch_id")).Distinct().Count();
        output.WriteLine(FormattableString.Invariant($"restart after 120 of 200 deferred calls: {results.Count} results, {rows.Count} billed lines in {jobs} jobs"));
        Assert.Equal(4, jobs);
    }

    /// <summary>pending | submitted while waiting, "done" once the result is there.</summary>
    private static async Task<string> StatusAsync(TestGateway gateway, string key, string id)
    {
        using var response = await GetAsync(gateway, "/v1/deferred/" + id, key);
        return response.StatusCode == HttpStatusCode.Accepted
            ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString()!
            : "done";
    }
}
