using Frugal.Core.Caching;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Caching;

public sealed class MemoryCacheStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static CacheEntry Entry(int bytes, TimeSpan ttl) => new(new byte[bytes], Start + ttl);

    [Fact]
    public async Task Stores_reads_replaces_and_removes()
    {
        var store = new MemoryCacheStore(1 << 20, new ManualClock(Start));
        await store.SetAsync("a", new CacheEntry(new byte[] { 1 }, Start.AddHours(1)), default);
        await store.SetAsync("a", new CacheEntry(new byte[] { 2, 3 }, Start.AddHours(1)), default);

        var read = await store.GetAsync("a", default);
        Assert.Equal(new byte[] { 2, 3 }, read!.Payload.ToArray());
        Assert.Equal(1, store.Count);
        Assert.True(await store.RemoveAsync("a", default));
        Assert.False(await store.RemoveAsync("a", default));
        Assert.Null(await store.GetAsync("a", default));
        Assert.Equal(0, store.SizeBytes);
    }

    [Fact]
    public async Task Expired_entries_are_never_returned()
    {
        var clock = new ManualClock(Start);
        var store = new MemoryCacheStore(1 << 20, clock);
        await store.SetAsync("a", Entry(10, TimeSpan.FromSeconds(60)), default);

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.NotNull(await store.GetAsync("a", default));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await store.GetAsync("a", default));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public async Task The_size_bound_evicts_the_least_recently_used_first()
    {
        var store = new MemoryCacheStore(1024 * 1024, new ManualClock(Start));
        const int payload = 300 * 1024; // three fit in 1 MiB, four do not
        await store.SetAsync("a", Entry(payload, TimeSpan.FromHours(1)), default);
        await store.SetAsync("b", Entry(payload, TimeSpan.FromHours(1)), default);
        await store.SetAsync("c", Entry(payload, TimeSpan.FromHours(1)), default);
        Assert.NotNull(await store.GetAsync("a", default)); // a is now the most recently used; b the least

        await store.SetAsync("d", Entry(payload, TimeSpan.FromHours(1)), default);

        Assert.Null(await store.GetAsync("b", default));
        Assert.NotNull(await store.GetAsync("a", default));
        Assert.NotNull(await store.GetAsync("c", default));
        Assert.NotNull(await store.GetAsync("d", default));
        Assert.True(store.SizeBytes <= 1024 * 1024);
    }

    [Fact]
    public async Task Expired_entries_go_before_live_ones_when_space_is_needed()
    {
        var clock = new ManualClock(Start);
        var store = new MemoryCacheStore(1024 * 1024, clock);
        const int payload = 300 * 1024;
        await store.SetAsync("live-old", Entry(payload, TimeSpan.FromHours(1)), default);
        await store.SetAsync("short", Entry(payload, TimeSpan.FromSeconds(1)), default);
        await store.SetAsync("live-new", Entry(payload, TimeSpan.FromHours(1)), default);
        clock.Advance(TimeSpan.FromSeconds(2));

        await store.SetAsync("next", Entry(payload, TimeSpan.FromHours(1)), default);

        Assert.NotNull(await store.GetAsync("live-old", default)); // the LRU one survives: the expired one made room
        Assert.NotNull(await store.GetAsync("next", default));
    }

    [Fact]
    public async Task An_entry_larger_than_the_whole_cache_is_not_stored()
    {
        var store = new MemoryCacheStore(1024 * 1024, new ManualClock(Start));
        await store.SetAsync("small", Entry(10, TimeSpan.FromHours(1)), default);
        await store.SetAsync("huge", Entry(2 * 1024 * 1024, TimeSpan.FromHours(1)), default);

        Assert.Null(await store.GetAsync("huge", default));
        Assert.NotNull(await store.GetAsync("small", default));
    }

    [Fact]
    public async Task The_memory_semantic_log_reads_in_order_from_a_cursor_and_compacts_expired_entries()
    {
        var log = new MemorySemanticCacheLog();
        for (var i = 0; i < 5; i++)
        {
            await log.AppendAsync(new SemanticCacheEvent(SemanticCacheEventKind.Added, $"e{i}", "ctx", [1f], "t", 0f, Start.AddMinutes(i)), default);
        }

        var first = await log.ReadSinceAsync(null, 3, default);
        Assert.Equal(["e0", "e1", "e2"], first.Events.Select(e => e.EntryKey));
        var rest = await log.ReadSinceAsync(first.Cursor, 10, default);
        Assert.Equal(["e3", "e4"], rest.Events.Select(e => e.EntryKey));
        var none = await log.ReadSinceAsync(rest.Cursor, 10, default);
        Assert.Empty(none.Events);
        Assert.Equal(rest.Cursor, none.Cursor);

        await log.CompactAsync(Start.AddMinutes(2.5), default);
        var all = await log.ReadSinceAsync(null, 10, default);
        Assert.Equal(["e3", "e4"], all.Events.Select(e => e.EntryKey));
    }

    /// <summary>
    /// Issue #12 finding 13: a write to a full store looked for expired entries through the whole recency list, under the
    /// store's one lock, so at ~600k entries every cache write took milliseconds and cache hits queued for seconds. The
    /// search now looks at <see cref="MemoryCacheStore.ExpiredScanLimit"/> entries from the cold end: an expired entry
    /// near the hot end no longer saves the coldest live one (it is dropped when read instead).
    /// </summary>
    [Fact]
    public async Task A_write_to_a_full_store_looks_for_expired_entries_only_near_the_cold_end()
    {
        var clock = new ManualClock(Start);
        const int live = MemoryCacheStore.ExpiredScanLimit + 10;
        var size = MemoryCacheStore.SizeOf("k0000", Entry(10, TimeSpan.FromHours(1)));
        var store = new MemoryCacheStore(size * (live + 1), clock);
        for (var i = 0; i < live; i++)
        {
            await store.SetAsync($"k{i:0000}", Entry(10, TimeSpan.FromHours(1)), default); // k0000 ends up coldest
        }

        await store.SetAsync("short", Entry(10, TimeSpan.FromSeconds(1)), default); // hottest, soon expired: the store is full
        clock.Advance(TimeSpan.FromSeconds(2));

        await store.SetAsync("k9999", Entry(10, TimeSpan.FromHours(1)), default); // one over: one entry must go

        Assert.Null(await store.GetAsync("k0000", default)); // the coldest live entry, not a walk to the far expired one
        Assert.NotNull(await store.GetAsync("k0001", default));
        Assert.NotNull(await store.GetAsync("k9999", default));
        Assert.Null(await store.GetAsync("short", default)); // expired: dropped when read
        Assert.Equal(live, store.Count);
    }
}
