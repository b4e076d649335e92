using System.Text.Json;
using Frugal.Core.Caching;
using Frugal.Core.Caching.Semantic;
using Frugal.Core.Caching.Semantic.Embedding;
using Frugal.Core.Caching.Semantic.Index;
using Frugal.Core.Pipeline;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Frugal.Tests.Caching;

/// <summary>
/// Issue #12 findings 2 and 3: the semantic cache's in-process state is bounded by its memory share
/// and its context cap, evicts through the event log (so a second process and the log agree), and
/// releases contexts whose entries expired. Two instances over one log and one store, on a clock the
/// test moves, as in <see cref="SemanticCacheStateTests"/>.
/// </summary>
public sealed class SemanticCacheBoundsTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly ManualClock _clock = new(Start);
    private readonly MemorySemanticCacheLog _log;
    private readonly MemoryCacheStore _store;
    private readonly List<SemanticCache> _caches = [];

    public SemanticCacheBoundsTests()
    {
        _log = new MemorySemanticCacheLog(_clock);
        _store = new MemoryCacheStore(1 << 26, _clock);
    }

    public void Dispose()
    {
        foreach (var cache in _caches)
        {
            cache.Dispose();
        }
    }

    [Fact]
    public async Task Thousands_of_distinct_system_prompts_stay_within_the_context_cap_and_the_memory_share()
    {
        var cache = Cache(maxMemoryBytes: 1 << 20, maxContexts: 50);

        for (var i = 0; i < 2_000; i++)
        {
            await cache.AddAsync(Query("How do I top up my account?", system: $"You help user #{i}."), Answer($"a{i}"), TimeSpan.FromHours(1), default);
            Assert.True(cache.ContextCount <= 50, $"{cache.ContextCount} contexts after {i + 1} prompts");
            Assert.True(cache.SizeBytes <= 1 << 20, $"{cache.SizeBytes} bytes after {i + 1} prompts");
        }

        Assert.Equal(50, cache.ContextCount);
        Assert.Equal(50, cache.Count);
        Assert.Equal(1_950, cache.Evictions);
        Assert.True(_log.Count <= 50 + MemorySemanticCacheLog.MaxRemovalMarkers, $"the memory log holds {_log.Count} events");

        // The newest contexts are the ones kept, and they still answer.
        Assert.NotNull(await cache.LookupAsync(Query("how do i top up my account", system: "You help user #1999."), default));
        Assert.Null(await cache.LookupAsync(Query("how do i top up my account", system: "You help user #0."), default));
    }

    [Fact]
    public async Task Memory_over_the_share_evicts_single_entries_least_recently_used_first_and_keeps_the_context()
    {
        var cache = Cache(maxMemoryBytes: 256 * 1024, maxContexts: 1_000);
        var questions = Enumerable.Range(0, 200).Select(i => $"What is the fee for transfer number {i} to account {i * 7}?").ToArray();
        await cache.AddAsync(Query(questions[0]), Answer("kept"), TimeSpan.FromHours(1), default);
        for (var i = 1; i < questions.Length; i++)
        {
            // A hit marks the first entry: the clock passes over it while it keeps being used.
            Assert.NotNull(await cache.LookupAsync(Query(questions[0]), default));
            await cache.AddAsync(Query(questions[i]), Answer($"a{i}"), TimeSpan.FromHours(1), default);
            Assert.True(cache.SizeBytes <= 256 * 1024, $"{cache.SizeBytes} bytes after {i + 1} entries");
        }

        Assert.Equal(1, cache.ContextCount);
        Assert.True(cache.Evictions > 0, "nothing was evicted: raise the entry count");
        Assert.True(cache.Count < questions.Length);
        var kept = await cache.LookupAsync(Query(questions[0]), default);
        Assert.Equal("kept", kept!.Answer.Response.Choices[0].Message.TextContent());
        Assert.NotNull(await cache.LookupAsync(Query(questions[^1]), default));
    }

    [Fact]
    public async Task Evictions_go_through_the_log_and_the_store_so_another_process_drops_them_too()
    {
        var small = Cache(maxMemoryBytes: 1 << 20, maxContexts: 10);
        var other = Cache(maxMemoryBytes: 1 << 24, maxContexts: 10_000);
        var evictedQuery = Query("Where is my card?", system: "Bank 0");
        await small.AddAsync(evictedQuery, Answer("card"), TimeSpan.FromHours(1), default);
        Assert.NotNull(await other.LookupAsync(Query("where is my card", system: "Bank 0"), default)); // replayed

        for (var i = 1; i <= 10; i++)
        {
            await small.AddAsync(Query("Where is my card?", system: $"Bank {i}"), Answer("card"), TimeSpan.FromHours(1), default);
        }

        _clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Null(await other.LookupAsync(Query("where is my card", system: "Bank 0"), default));
        Assert.Equal(10, other.Count); // the larger process applied the Removed event instead of keeping its copy
        Assert.Null(await _store.GetAsync(SemanticEntryKey(small, evictedQuery), default));
    }

    [Fact]
    public async Task Contexts_whose_entries_expired_are_released_at_the_next_sweep_and_their_bytes_return()
    {
        var cache = Cache(maxMemoryBytes: 1 << 22, maxContexts: 1_000);
        await cache.LookupAsync(Query("warm up"), default); // first sync and compaction happen here
        for (var i = 0; i < 20; i++)
        {
            await cache.AddAsync(Query("How do I top up my account?", system: $"Idle {i}"), Answer("x"), TimeSpan.FromMinutes(1), default);
        }

        Assert.Equal(20, cache.ContextCount);
        Assert.True(cache.SizeBytes > 0);

        _clock.Advance(TimeSpan.FromMinutes(11)); // past the expiry and the sweep interval, with no lookup of those contexts
        await cache.LookupAsync(Query("something else"), default);

        Assert.Equal(0, cache.ContextCount);
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.SizeBytes);
        Assert.Equal(0, _log.Count);
    }

    [Fact]
    public async Task An_entry_re_added_after_its_eviction_is_kept_by_the_log_and_by_a_fresh_replay()
    {
        var cache = Cache(maxMemoryBytes: 1 << 20, maxContexts: 2);
        var first = Query("Where is my card?", system: "Bank A");
        await cache.AddAsync(first, Answer("one"), TimeSpan.FromHours(1), default);
        await cache.AddAsync(Query("Where is my card?", system: "Bank B"), Answer("b"), TimeSpan.FromHours(1), default);
        await cache.AddAsync(Query("Where is my card?", system: "Bank C"), Answer("c"), TimeSpan.FromHours(1), default); // evicts Bank A
        Assert.Null(await cache.LookupAsync(Query("where is my card", system: "Bank A"), default));

        await cache.AddAsync(Query("Where is my card?", system: "Bank A"), Answer("two"), TimeSpan.FromHours(1), default); // evicts Bank B
        await _log.CompactAsync(_clock.GetUtcNow(), default);
        var fresh = Cache(maxMemoryBytes: 1 << 20, maxContexts: 10);

        var match = await fresh.LookupAsync(Query("where is my card", system: "Bank A"), default);
        Assert.Equal("two", match!.Answer.Response.Choices[0].Message.TextContent());
        Assert.Equal(2, fresh.Count);
    }

    [Fact]
    public void One_entry_costs_kilobytes_not_the_two_megabytes_of_a_preallocated_index()
    {
        using var index = new AdaptiveVectorIndex(512);
        index.Add(1, Unit(512, 1));

        Assert.True(index.MemoryBytes < 8 * 1024, $"{index.MemoryBytes} bytes for one 512-d vector");
    }

    private SemanticCache Cache(long maxMemoryBytes, int maxContexts)
    {
        var config = new SemanticCacheConfig
        {
            Enabled = true,
            Threshold = 0.8f,
            SyncInterval = TimeSpan.FromMilliseconds(200),
            MaxMemoryBytes = maxMemoryBytes,
            MaxContexts = maxContexts,
        };
        var cache = new SemanticCache(new HashingEmbedder(), _log, _store, config, _clock, new CacheCounters(), NullLogger<SemanticCache>.Instance);
        _caches.Add(cache);
        return cache;
    }

    private static string SemanticEntryKey(SemanticCache cache, SemanticQuery query)
        => "sem1:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{cache.EmbedderName}\n{query.ContextKey}\n{query.Text}")));

    private static float[] Unit(int dimensions, int seed)
    {
        var random = new Random(seed);
        var vector = new float[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] = (float)(random.NextDouble() - 0.5);
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return [.. vector.Select(v => v / norm)];
    }

    private static SemanticQuery Query(string text, string system = "Bank")
        => SemanticQuery.From(GatewayRequest.ForChat("r", Tenant.Anonymous, Parse(JsonSerializer.Serialize(new
        {
            model = "gpt-4o-mini",
            messages = new[] { new { role = "system", content = system }, new { role = "user", content = text } },
        })), 0), "key:anonymous")!;

    private static ChatCompletionRequest Parse(string json) => JsonSerializer.Deserialize(json, ProtocolJson.Context.ChatCompletionRequest)!;

    private static CachedAnswer Answer(string text)
    {
        var json = $$"""{"id":"c","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"{{text}}"},"logprobs":null,"finish_reason":"stop"}]}""";
        var response = JsonSerializer.Deserialize(json, ProtocolJson.Context.ChatCompletionResponse)!;
        return CachedAnswer.From(new ChatCompletion(response), GatewayRequest.ForChat("origin", Tenant.Anonymous, new ChatCompletionRequest(), 0))!;
    }
}
