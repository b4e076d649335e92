using Frugal.Core.Configuration;
using Frugal.Core.PromptCache;
using Frugal.MockUpstream;
using Frugal.Storage.Redis;
using Frugal.Storage.Redis.PromptCache;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OpenAI.Chat;

namespace Frugal.Tests.PromptCache;

/// <summary>
/// The prompt-cache learning in Redis (a real redis-server, <c>FRUGAL_TEST_REDIS</c>): the Lua scripts apply exactly
/// the rules of the memory store, two stores (two replicas) learn together, two gateways on the same server share
/// what they learnt, and an unreachable Redis means "never seen" (no marker, no premium) rather than a failed call.
/// </summary>
public sealed class RedisPromptPrefixStoreTests : IAsyncDisposable
{
    private readonly RedisConnector _connector = new(new RedisConfig { Connection = RedisTestServer.Connection, KeyPrefix = RedisTestServer.UniquePrefix() });

    public ValueTask DisposeAsync() => _connector.DisposeAsync();

    [Fact]
    public async Task The_scripts_give_the_memory_stores_snapshot_after_every_step_of_a_random_history()
    {
        var memory = new MemoryPromptPrefixStore(1_000);
        var redis = new RedisPromptPrefixStore(_connector, NullLogger<RedisPromptPrefixStore>.Instance);
        var random = new Random(1616); // deterministic: the same 600 steps every run
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_764_950_400_000);
        TimeSpan[] gaps = [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(70), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(40), TimeSpan.FromHours(2)];
        TimeSpan[] ttls = [PrefixDecision.FiveMinutes, TimeSpan.FromHours(1)];
        for (var step = 0; step < 600; step++)
        {
            var key = (ulong)random.Next(1, 5);
            now += gaps[random.Next(gaps.Length)];
            switch (random.Next(4))
            {
                case 0:
                case 1:
                    Assert.Equal(await memory.ObserveAsync(key, now), await redis.ObserveAsync(key, now));
                    break;
                case 2:
                    var ttl = ttls[random.Next(ttls.Length)];
                    var write = random.Next(2) == 0;
                    await memory.RecordCacheAsync(key, now, ttl, write);
                    await redis.RecordCacheAsync(key, now, ttl, write);
                    break;
                default:
                    Assert.Equal(await memory.PeekAsync(key), await redis.PeekAsync(key));
                    break;
            }
        }

        Assert.Equal(default, await redis.PeekAsync(99)); // never seen
        long wasted = 0, reads = 0;
        for (ulong key = 1; key < 5; key++)
        {
            var state = await memory.PeekAsync(key);
            wasted += state.WastedWrites;
            reads += state.Reads;
        }

        Assert.True(wasted > 0 && reads > 0, $"the history must reach wasted writes ({wasted}) and reads ({reads})");
    }

    [Fact]
    public async Task A_prefix_seen_by_one_replica_is_known_to_the_other_and_expires_when_idle()
    {
        await using var other = new RedisConnector(_connector.Config);
        var a = new RedisPromptPrefixStore(_connector, NullLogger<RedisPromptPrefixStore>.Instance);
        var b = new RedisPromptPrefixStore(other, NullLogger<RedisPromptPrefixStore>.Instance);
        var now = DateTimeOffset.UtcNow;

        Assert.True((await a.ObserveAsync(7, now)).IsNew);
        var seen = await b.ObserveAsync(7, now.AddSeconds(30));
        Assert.Equal(1, seen.Sightings);
        await b.RecordCacheAsync(7, now.AddSeconds(30), PrefixDecision.FiveMinutes, write: true);
        Assert.True((await a.PeekAsync(7)).CacheLive(now.AddMinutes(1)));

        var db = await _connector.DatabaseAsync();
        var ttl = await db.KeyTimeToLiveAsync(_connector.Key("pcache:0000000000000007"));
        Assert.InRange(ttl!.Value, RedisPromptPrefixStore.IdleExpiry - TimeSpan.FromMinutes(1), RedisPromptPrefixStore.IdleExpiry);
    }

    [Fact]
    public async Task An_unreachable_redis_is_a_prefix_never_seen_not_a_failure()
    {
        await using var down = new RedisConnector(new RedisConfig { Connection = "127.0.0.1:1", Timeout = TimeSpan.FromMilliseconds(300), KeyPrefix = "x:" });
        var store = new RedisPromptPrefixStore(down, NullLogger<RedisPromptPrefixStore>.Instance);

        Assert.True((await store.ObserveAsync(1, DateTimeOffset.UtcNow)).IsNew);
        await store.RecordCacheAsync(1, DateTimeOffset.UtcNow, PrefixDecision.FiveMinutes, write: true);
        Assert.True((await store.PeekAsync(1)).IsNew);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Two_gateways_on_the_same_redis_share_learning_a_prefix_seen_by_one_is_a_write_on_the_other()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var json = """, "promptCache": { "providers": { "pc-anthropic": "auto" } }, "cache": { "enabled": false, "backend": "redis" }"""
            + RedisTestServer.ConfigJson(RedisTestServer.UniquePrefix());
        var mock = new MockUpstreamOptions { SimulatePromptCaching = true, Time = clock };
        await using var first = await TestGateway.StartAsync(extraJson: json, extraProviders: PromptCacheWorkload.Providers, mockOptions: mock, time: clock);
        await using var second = await TestGateway.StartAsync(extraJson: json, extraProviders: PromptCacheWorkload.Providers, mockOptions: mock, time: clock);

        var onFirst = await SendAsync(first, "Where is parcel 1000?");
        clock.Advance(TimeSpan.FromSeconds(30));
        var onSecond = await SendAsync(second, "Where is parcel 1001?");

        Assert.Equal("bp=0;stable=learning", onFirst); // the first sighting anywhere
        Assert.NotNull(onSecond);
        Assert.Contains("stable=write", onSecond, StringComparison.Ordinal); // learnt on the other replica 30 s earlier
        Assert.Contains("ttl=5m", onSecond, StringComparison.Ordinal);
    }

    private static async Task<string?> SendAsync(TestGateway gateway, string question)
    {
        var result = await gateway.ChatClient("pc-anthropic/claude-sonnet-4-20250514").CompleteChatAsync(
            [new SystemChatMessage(PromptCacheWorkload.SystemPrompt()), new UserChatMessage(question)], PromptCacheWorkload.Options());
        return result.GetRawResponse().Headers.TryGetValue("x-frugal-prompt-cache", out var header) ? header : null;
    }
}
