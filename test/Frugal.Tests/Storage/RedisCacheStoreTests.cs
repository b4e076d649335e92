using Frugal.Core.Caching;
using Frugal.Core.Configuration;
using Frugal.Storage.Redis;
using Frugal.Storage.Redis.Caching;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Storage;

public sealed class RedisCacheStoreTests : CacheStoreContract, IAsyncDisposable
{
    private readonly RedisConnector _connector = new(new RedisConfig { Connection = RedisTestServer.Connection, KeyPrefix = RedisTestServer.UniquePrefix() });

    public RedisCacheStoreTests() => Store = new RedisCacheStore(_connector, Clock);

    protected override ICacheStore Store { get; }

    [Fact]
    public async Task Redis_expires_the_key_itself()
    {
        await Store.SetAsync("ns:px", new CacheEntry(new byte[] { 1 }, DateTimeOffset.UtcNow.AddMinutes(10)), CancellationToken.None);

        var db = await _connector.DatabaseAsync();
        var ttl = await db.KeyTimeToLiveAsync(_connector.Key("cache:ns:px"));

        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10.1));
    }

    public ValueTask DisposeAsync() => _connector.DisposeAsync();
}

public sealed class RedisSemanticCacheLogTests : SemanticCacheLogContract, IAsyncDisposable
{
    private readonly RedisConnector _connector;
    private readonly RedisConnector _otherConnector;

    public RedisSemanticCacheLogTests()
    {
        var prefix = RedisTestServer.UniquePrefix();
        _connector = new RedisConnector(new RedisConfig { Connection = RedisTestServer.Connection, KeyPrefix = prefix });
        _otherConnector = new RedisConnector(new RedisConfig { Connection = RedisTestServer.Connection, KeyPrefix = prefix });
        Log = new RedisSemanticCacheLog(_connector);
        OtherProcessLog = new RedisSemanticCacheLog(_otherConnector);
    }

    protected override ISemanticCacheLog Log { get; }

    protected override ISemanticCacheLog OtherProcessLog { get; }

    public async ValueTask DisposeAsync()
    {
        await _connector.DisposeAsync();
        await _otherConnector.DisposeAsync();
    }
}
