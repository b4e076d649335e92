using Frugal.Core.Caching;
using Frugal.Storage.Sqlite;

namespace Frugal.Tests.Storage;

public sealed class SqliteCacheStoreTests : CacheStoreContract
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "frugal-tests", Guid.NewGuid().ToString("N"), "cache.db");
    private readonly SqliteCacheStore _store;

    public SqliteCacheStoreTests() => _store = new SqliteCacheStore(new SqliteDatabase(_path), Clock);

    protected override ICacheStore Store => _store;

    [Fact]
    public async Task Entries_survive_reopening_the_file()
    {
        await _store.SetAsync("ns:kept", new CacheEntry(new byte[] { 4, 2 }, Clock.GetUtcNow().AddHours(1)), CancellationToken.None);

        var reopened = new SqliteCacheStore(new SqliteDatabase(_path), Clock);

        Assert.Equal(new byte[] { 4, 2 }, (await reopened.GetAsync("ns:kept", CancellationToken.None))!.Payload.ToArray());
    }

    [Fact]
    public async Task Purge_deletes_only_expired_rows()
    {
        await _store.SetAsync("ns:soon", new CacheEntry(new byte[] { 1 }, Clock.GetUtcNow().AddSeconds(1)), CancellationToken.None);
        await _store.SetAsync("ns:later", new CacheEntry(new byte[] { 2 }, Clock.GetUtcNow().AddHours(1)), CancellationToken.None);
        Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(1, await _store.PurgeExpiredAsync(CancellationToken.None));
        Assert.NotNull(await _store.GetAsync("ns:later", CancellationToken.None));
    }
}

public sealed class SqliteSemanticCacheLogTests : SemanticCacheLogContract
{
    private readonly SqliteSemanticCacheLog _log;
    private readonly SqliteSemanticCacheLog _other;

    public SqliteSemanticCacheLogTests()
    {
        var path = Path.Combine(Path.GetTempPath(), "frugal-tests", Guid.NewGuid().ToString("N"), "cache.db");
        _log = new SqliteSemanticCacheLog(new SqliteDatabase(path));
        _other = new SqliteSemanticCacheLog(new SqliteDatabase(path));
    }

    protected override ISemanticCacheLog Log => _log;

    protected override ISemanticCacheLog OtherProcessLog => _other;
}
