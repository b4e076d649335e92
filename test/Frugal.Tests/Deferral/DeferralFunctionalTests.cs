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
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;
using Frugal.Storage.Sqlite;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Frugal.Tests.Deferral;

/// <summary>
/// Deferral end to end: the real gateway and MockUpstream, the official OpenAI SDK, keys mode. The ONLY stand-in is
/// <see cref="FakeBatchJobs"/> for the batch feature (not on this branch): at merge, replace the body of
/// <see cref="AddBatchJobs"/> with the real registration and drop the <c>RunLinesAsync</c> step (the real jobs run the lines).
/// </summary>
public sealed class DeferralFunctionalTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Secret = "whsec-functional";
    private readonly FakeBatchJobs _jobs = new();
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "frugal-tests", "deferral-fn-" + Guid.NewGuid().ToString("N"));
    private TestGateway _gateway = null!;

    /// <summary>THE line to swap at merge: the batch feature's IBatchJobs instead of the fake.</summary>
    private void AddBatchJobs(IServiceCollection services) => services.AddSingleton<IBatchJobs>(_jobs);

    private static string Config(int maxBatchSize = 50, int maxAgeSeconds = 3600) => $$"""
        , "cache": { "enabled": true },
          "deferral": { "enabled": true, "maxBatchSize": {{maxBatchSize}}, "maxAgeSeconds": {{maxAgeSeconds}}, "gatherIntervalSeconds": 1,
                        "webhook": { "secret": "{{Secret}}" },
                        "keys": { "nightly": { "defer": "24h" } } }
        """;

    public async Task InitializeAsync() => _gateway = await StartAsync(Config());

    private async Task<TestGateway> StartAsync(string config, bool withBatchJobs = true)
    {
        var gateway = await TestGateway.StartAsync(authMode: "keys", extraJson: config, dataDir: _dataDir, configureServices: withBatchJobs ? AddBatchJobs : null);
        _jobs.Observers = [.. gateway.App.Services.GetServices<IBatchLineObserver>()];
        return gateway;
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
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

    /// <summary>
    /// What the real batch jobs do for the fake: run each submitted line (here: MockUpstream, the same upstream the
    /// synchronous calls use) and finish it at the batch price. Returns the bodies by deferred id.
    /// </summary>
    private async Task<Dictionary<string, (byte[] Body, decimal Cost)>> RunLinesAsync(TestGateway gateway)
    {
        var prices = gateway.App.Services.GetRequiredService<PriceBook>();
        Assert.True(prices.TryFindForCall("gpt-4o-mini", "gpt-4o-mini", DateTimeOffset.UtcNow, out var price));
        using var upstream = new HttpClient { BaseAddress = gateway.Mock.BaseUri };
        upstream.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestGateway.ProviderSecret);
        var results = new Dictionary<string, (byte[], decimal)>(StringComparer.Ordinal);
        while (_jobs.Submissions.TryDequeue(out var submission))
        {
            foreach (var line in submission.Request.Lines)
            {
                using var content = new ByteArrayContent(line.Body.ToArray());
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await upstream.PostAsync("v1/chat/completions", content);
                var body = await response.Content.ReadAsByteArrayAsync();
                var usage = JsonSerializer.Deserialize(body, ProtocolJson.Context.ChatCompletionResponse)!.Usage;
                var cost = CostCalculator.Compute(price, OpenAIUsage.ToTokenUsage(usage), batch: true).TotalUsd;
                await _jobs.FinishAsync(submission.BatchId, line.CustomId, (int)response.StatusCode, body, cost);
                results[line.CustomId] = (body, cost);
            }
        }

        return results;
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Two_hundred_deferred_calls_are_answered_202_and_every_result_is_fetched_at_the_batch_price()
    {
        const int calls = 200;
        var key = await KeyAsync("reports");
        var ids = new List<string>(calls);
        for (var i = 0; i < calls; i++)
        {
            var (status, location, body) = await DeferAsync(_gateway, key, $"deferred report {i}: summarise ticket {i * 7}");
            Assert.Equal(202, status);
            var id = body.GetProperty("id").GetString()!;
            Assert.Equal("/v1/deferred/" + id, location);
            Assert.Equal("deferred", body.GetProperty("object").GetString());
            Assert.Equal("pending", body.GetProperty("status").GetString());
            ids.Add(id);
        }

        // Gathered per key and model into batches of maxBatchSize (50) as soon as each fills.
        await Eventually.UntilAsync(() => Task.FromResult(_jobs.Submissions.Sum(s => s.Request.Lines.Count)), n => n == calls, TimeSpan.FromSeconds(20));
        Assert.Equal(4, _jobs.Submissions.Count);
        Assert.All(_jobs.Submissions, s => Assert.Equal("deferred", s.Request.Origin));
        using (var pending = await GetAsync(_gateway, "/v1/deferred/" + ids[0], key))
        {
            Assert.Equal(HttpStatusCode.Accepted, pending.StatusCode);
            Assert.Equal("submitted", JsonDocument.Parse(await pending.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        }

        var lines = await RunLinesAsync(_gateway);
        var deferredCost = 0m;
        foreach (var id in ids)
        {
            using var done = await GetAsync(_gateway, "/v1/deferred/" + id, key);
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
            Assert.Equal(lines[id].Body, await done.Content.ReadAsByteArrayAsync()); // exactly the chat.completion
            var cost = decimal.Parse(done.Headers.GetValues("x-frugal-cost-usd").Single(), CultureInfo.InvariantCulture);
            Assert.Equal(lines[id].Cost, cost);
            deferredCost += cost;
        }

        // The 202s: one ledger row each, cost 0, tagged; the money is on the batch job's line rows.
        var accepted = await LedgerRows.WaitForAsync(_gateway, calls, "tags LIKE '%\"deferred\"%'");
        Assert.All(accepted, row => Assert.Equal(0m, row.Usd("cost_nusd")));

        // The same 200 calls synchronously, for the closing note's comparison.
        var client = _gateway.ChatClient("gpt-4o-mini", key);
        for (var i = 0; i < calls; i++)
        {
            await client.CompleteChatAsync([new OpenAI.Chat.UserChatMessage($"deferred report {i}: summarise ticket {i * 7}")]);
        }

        var sync = await LedgerRows.WaitForAsync(_gateway, calls, "tags NOT LIKE '%\"deferred\"%'");
        var syncCost = sync.Sum(row => row.Usd("cost_nusd") ?? 0m);
        output.WriteLine(FormattableString.Invariant($"200 calls: synchronous ${syncCost:0.000000}, deferred ${deferredCost:0.000000} ({deferredCost / syncCost:P1} of synchronous)"));
        Assert.Equal(lines.Values.Sum(l => l.Cost), deferredCost);
        Assert.True(deferredCost < syncCost);
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
        Assert.Empty(_jobs.Submissions);
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
    public async Task Pending_calls_are_gathered_after_a_restart_and_results_finished_while_down_are_served()
    {
        var key = await KeyAsync("restart");

        // Three calls wait (maxAge 1 h, batches of 50); then the gateway stops.
        var waiting = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            waiting.Add((await DeferAsync(_gateway, key, $"restart waiting {i}")).Body.GetProperty("id").GetString()!);
        }

        await _gateway.DisposeAsync();
        Assert.Empty(_jobs.Submissions);

        // Restarted with batches of 3: the stored calls are gathered once, from the file.
        _gateway = await StartAsync(Config(maxBatchSize: 3));
        await Eventually.UntilAsync(() => Task.FromResult(_jobs.Submissions.Count), n => n == 1, TimeSpan.FromSeconds(10));
        var (batchId, request) = Assert.Single(_jobs.Submissions);
        Assert.Equal(waiting.Order(StringComparer.Ordinal), request.Lines.Select(l => l.CustomId).Order(StringComparer.Ordinal));

        // The batch finishes while the gateway is down: nobody is told; the next start reconciles.
        await _gateway.DisposeAsync();
        foreach (var line in request.Lines)
        {
            await _jobs.FinishAsync(batchId, line.CustomId, 200, """{"id":"chatcmpl-r","object":"chat.completion","choices":[]}"""u8.ToArray(), 0.000001m, tellObservers: false);
        }

        _gateway = await StartAsync(Config(maxBatchSize: 3));
        using var done = await Eventually.UntilAsync(() => GetAsync(_gateway, "/v1/deferred/" + waiting[0], key), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Single(_jobs.Submissions); // never submitted twice
    }

    [Fact]
    public async Task Without_batch_jobs_a_deferred_call_is_refused_with_501()
    {
        await _gateway.DisposeAsync();
        _gateway = await StartAsync(Config(), withBatchJobs: false);
        var key = await KeyAsync("nobatch");
        using var response = await PostAsync(_gateway, key, """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"later please"}]}""", ("x-frugal-defer", "24h"));
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Equal("deferral_unavailable", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString());
    }
}
