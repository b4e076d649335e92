using Frugal.Core.Caching;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Storage;

/// <summary>
/// What every <see cref="ICacheStore"/> must do, run against each real backend by the derived
/// classes (SQLite file, real redis-server).
/// </summary>
public abstract class CacheStoreContract
{
    protected ManualClock Clock { get; } = new();

    protected abstract ICacheStore Store { get; }

    [Fact]
    public async Task Stored_bytes_come_back_unchanged_with_their_expiry()
    {
        var payload = Enumerable.Range(0, 3000).Select(i => (byte)(i * 7)).ToArray();
        var expires = Clock.GetUtcNow().AddMinutes(5);
        await Store.SetAsync("ns:a", new CacheEntry(payload, expires), CancellationToken.None);

        var entry = await Store.GetAsync("ns:a", CancellationToken.None);

        Assert.NotNull(entry);
        Assert.Equal(payload, entry.Payload.ToArray());
        Assert.Equal(expires.ToUnixTimeMilliseconds(), entry.ExpiresAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task A_missing_key_is_null_and_keys_do_not_collide()
    {
        await Store.SetAsync("tenant-a:k", new CacheEntry(new byte[] { 1 }, Clock.GetUtcNow().AddMinutes(1)), CancellationToken.None);

        Assert.Null(await Store.GetAsync("tenant-b:k", CancellationToken.None));
        Assert.Equal(new byte[] { 1 }, (await Store.GetAsync("tenant-a:k", CancellationToken.None))!.Payload.ToArray());
    }

    [Fact]
    public async Task An_expired_entry_is_never_returned()
    {
        await Store.SetAsync("ns:short", new CacheEntry(new byte[] { 9 }, Clock.GetUtcNow().AddSeconds(30)), CancellationToken.None);
        Assert.NotNull(await Store.GetAsync("ns:short", CancellationToken.None));

        Clock.Advance(TimeSpan.FromSeconds(31));

        Assert.Null(await Store.GetAsync("ns:short", CancellationToken.None));
    }

    [Fact]
    public async Task Set_replaces_and_remove_deletes()
    {
        var expires = Clock.GetUtcNow().AddMinutes(1);
        await Store.SetAsync("ns:r", new CacheEntry(new byte[] { 1 }, expires), CancellationToken.None);
        await Store.SetAsync("ns:r", new CacheEntry(new byte[] { 2, 2 }, expires), CancellationToken.None);
        Assert.Equal(new byte[] { 2, 2 }, (await Store.GetAsync("ns:r", CancellationToken.None))!.Payload.ToArray());

        Assert.True(await Store.RemoveAsync("ns:r", CancellationToken.None));
        Assert.False(await Store.RemoveAsync("ns:r", CancellationToken.None));
        Assert.Null(await Store.GetAsync("ns:r", CancellationToken.None));
    }
}
