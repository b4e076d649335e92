using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Frugal.Core.Caching;
using Frugal.Core.Caching.Semantic;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Frugal.Tests.Soak;

/// <summary>Soak tests run alone: they measure the process's memory, which parallel tests would blur.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoakCollection
{
    public const string Name = "soak";
}

/// <summary>
/// Issue #12 soak: 100,000 requests, each with its own system prompt and its own model name, through
/// a running gateway with the exact and semantic caches on and <c>cache.maxMemoryBytes</c> = 16 MiB.
/// One request in <see cref="KnownModelEvery"/> names a configured model (answered by the mock, so it
/// creates a new semantic context); the rest name unknown models (404 at routing, after both cache
/// lookups). Asserts the caches' own accounting stays within the configured limits throughout and
/// prints throughput at the start and the end and the process's memory before and after.
/// /metrics is scraped before and after: the unknown model names fold into one label, so its size must not
/// grow with them (finding 4).
/// </summary>
[Collection(SoakCollection.Name)]
[Trait("Category", "Slow")]
public sealed class SemanticSoakTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Requests = 100_000;
    private const int Workers = 16;
    private const int KnownModelEvery = 8;
    private const int Window = 10_000;
    private const long MaxMemoryBytes = 16L * 1024 * 1024;

    /// <summary>Bounded in time as well as count: the loop stops here even if the box is far slower than expected.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(100);

    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
        => _gateway = await TestGateway.StartAsync(extraJson: $$"""
            , "cache": { "enabled": true, "maxMemoryBytes": {{MaxMemoryBytes}}, "semantic": { "enabled": true, "embedder": "hashing" } },
              "telemetry": { "metricsAccess": "open" }
            """);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Distinct_system_prompts_and_model_names_keep_the_caches_within_max_memory_bytes()
    {
        var services = _gateway.App.Services;
        var semantic = services.GetRequiredService<SemanticCache>();
        var store = (MemoryCacheStore)services.GetRequiredService<ICacheStore>();
        var log = (MemorySemanticCacheLog)services.GetRequiredService<ISemanticCacheLog>();
        var flights = services.GetRequiredService<CacheFlights>();
        var config = _gateway.Config.Cache;

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Workers }) { BaseAddress = _gateway.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        await SendAsync(http, 0, 200); // warm up JIT and pools before the "before" figures
        var metricsBefore = await MetricsBytesAsync(http);
        await LedgerRows.FlushAsync(_gateway); // the heap figures must not depend on how far the ledger writer happens to be behind
        var (heapBefore, rssBefore) = Memory();

        var statuses = new int[600];
        var completedAt = new long[Requests];
        var next = -1;
        var peakContexts = 0;
        var peakSemanticBytes = 0L;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Requests && clock.Elapsed < Deadline)
            {
                using var response = await PostAsync(http, i);
                Interlocked.Increment(ref statuses[Math.Min((int)response.StatusCode, statuses.Length - 1)]);
                completedAt[i] = clock.ElapsedTicks;
                if (i % 500 == 0)
                {
                    InterlockedMax(ref peakContexts, semantic.ContextCount);
                    InterlockedMax(ref peakSemanticBytes, semantic.SizeBytes);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var sent = Math.Min(Requests, next);
        await semantic.SyncAsync(force: true, default); // an add whose sync found another in progress is applied at the next pull: take it now

        await LedgerRows.FlushAsync(_gateway);
        var (heapAfter, rssAfter) = Memory();
        var metricsAfter = await MetricsBytesAsync(http);
        var startRate = Rate(completedAt, 0, Math.Min(Window, sent));
        var endRate = Rate(completedAt, Math.Max(0, sent - Window), sent);

        output.WriteLine($"requests: {sent} in {elapsed.TotalSeconds:0.0} s with {Workers} workers ({sent / elapsed.TotalSeconds:0} req/s overall); 200: {statuses[200]}, 404: {statuses[404]}, other: {sent - statuses[200] - statuses[404]}");
        output.WriteLine($"req/s: first {Window}: {startRate:0}, last {Window}: {endRate:0}");
        output.WriteLine($"GC heap after full collect: before {Mb(heapBefore)} MB, after {Mb(heapAfter)} MB; VmRSS: before {Mb(rssBefore)} MB, after {Mb(rssAfter)} MB (the test host: gateway, mock and clients in one process)");
        output.WriteLine($"semantic: contexts alive {semantic.ContextCount} (peak sampled {peakContexts}, cap {semantic.MaxContexts}), entries {semantic.Count}, accounted {Mb(semantic.SizeBytes)} MB (peak sampled {Mb(peakSemanticBytes)}, share {Mb(semantic.MaxMemoryBytes)} MB), evictions {semantic.Evictions}, log events {log.Count}");
        output.WriteLine($"exact store: {store.Count} entries, {Mb(store.SizeBytes)} MB (bound {Mb(config.StoreMemoryBytes)} MB); flights in flight: {flights.InFlight}");
        output.WriteLine($"/metrics: before {metricsBefore} bytes, after {metricsAfter} bytes");

        Assert.Equal(Requests, sent); // the whole soak ran inside the deadline
        Assert.Equal(sent, statuses[200] + statuses[404]);
        Assert.True(semantic.Evictions > 0, "the soak never filled the semantic cache");
        Assert.True(peakContexts <= semantic.MaxContexts && semantic.ContextCount <= semantic.MaxContexts, $"contexts: peak {peakContexts}, now {semantic.ContextCount}, cap {semantic.MaxContexts}");
        Assert.True(peakSemanticBytes <= config.Semantic.MaxMemoryBytes && semantic.SizeBytes <= config.Semantic.MaxMemoryBytes, $"semantic bytes: peak {peakSemanticBytes}, now {semantic.SizeBytes}");
        Assert.True(store.SizeBytes <= config.StoreMemoryBytes);
        Assert.True(semantic.SizeBytes + store.SizeBytes <= MaxMemoryBytes);
        Assert.True(log.Count <= semantic.Count + MemorySemanticCacheLog.MaxRemovalMarkers, $"{log.Count} log events for {semantic.Count} entries");
        Assert.Equal(0, flights.InFlight);
        // The whole process: what the caches may hold (16 MiB) plus as much again for everything else that legitimately
        // grows over a run (pools, JIT, the ledger queue between commits). Measured 17 MB; main grew by 2 MB per context.
        Assert.True(heapAfter - heapBefore <= 2 * MaxMemoryBytes, $"GC heap grew from {Mb(heapBefore)} to {Mb(heapAfter)} MB");
        // 87,500 distinct unknown model names: the series are the same before and after, only counter digits grow.
        Assert.True(metricsAfter - metricsBefore < 16 * 1024, $"/metrics grew from {metricsBefore} to {metricsAfter} bytes");
    }

    private static async Task SendAsync(HttpClient http, int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            using var response = await PostAsync(http, Requests + i); // numbered after the soak's own
        }
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, int i)
    {
        // Small messages; a system prompt with a name and a time, as ordinary traffic has.
        var model = i % KnownModelEvery == 0 ? "gpt-4o-mini" : $"soak-model-{i}";
        var json = $$"""{"model":"{{model}}","messages":[{"role":"system","content":"You help user {{i}} at {{i % 86400}}s."},{"role":"user","content":"How do I reset my password?"}]}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>Streams /metrics and counts its bytes without holding the text.</summary>
    private static async Task<long> MetricsBytesAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/metrics", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }

    private static (long Heap, long Rss) Memory()
    {
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        var rss = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) is { } line
            ? long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024
            : Environment.WorkingSet;
        return (heap, rss);
    }

    /// <summary>Requests per second over the completions of requests [from, to) (by request number, as sent).</summary>
    private static double Rate(long[] completedAt, int from, int to)
    {
        var slice = completedAt[from..to];
        var ticks = slice.Max() - slice.Min();
        return ticks <= 0 ? 0 : (to - from) / ((double)ticks / Stopwatch.Frequency);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
