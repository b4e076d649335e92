using Frugal.Core.PromptCache;

namespace Frugal.Tests.PromptCache;

public sealed class MemoryPromptPrefixStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Far_more_prefixes_than_the_bound_keep_the_store_at_the_bound_and_evict_the_least_recently_seen()
    {
        var store = new MemoryPromptPrefixStore(capacity: 1000);
        await store.ObserveAsync(1, Now);
        for (ulong key = 2; key < 50_000; key++)
        {
            await store.ObserveAsync(key, Now);
            if (key % 500 == 0)
            {
                await store.ObserveAsync(1, Now); // kept recent
            }
        }

        Assert.Equal(1000, store.Count);
        Assert.False((await store.PeekAsync(1)).IsNew);
        Assert.True((await store.PeekAsync(2)).IsNew);
        Assert.False((await store.PeekAsync(49_999)).IsNew);
    }

    [Fact]
    public async Task Peek_records_no_sighting()
    {
        var store = new MemoryPromptPrefixStore(capacity: 16);

        Assert.True((await store.PeekAsync(7)).IsNew);
        Assert.Equal(0, store.Count);
        await store.ObserveAsync(7, Now);
        Assert.Equal(1, (await store.PeekAsync(7)).Sightings);
    }
}
