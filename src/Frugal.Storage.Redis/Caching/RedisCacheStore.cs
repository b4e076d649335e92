using System.Buffers.Binary;
using Frugal.Core.Caching;
using StackExchange.Redis;

namespace Frugal.Storage.Redis.Caching;

/// <summary>
/// Cached answers in Redis, shared by every gateway process that points at the same server and
/// key prefix. Redis expires the key itself (PX); the expiry is also stored in front of the payload
/// (8 bytes, Unix ms) so the entry honours the gateway's clock as the other stores do.
/// </summary>
public sealed class RedisCacheStore(RedisConnector connector, TimeProvider time) : ICacheStore
{
    private const int HeaderBytes = sizeof(long);

    public async ValueTask<CacheEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var db = await connector.DatabaseAsync().ConfigureAwait(false);
        var value = await db.StringGetAsync(Key(key)).ConfigureAwait(false);
        if (value.IsNull)
        {
            return null;
        }

        var bytes = (byte[])value!;
        if (bytes.Length < HeaderBytes)
        {
            return null;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(bytes));
        return expiresAt > time.GetUtcNow() ? new CacheEntry(bytes.AsMemory(HeaderBytes), expiresAt) : null;
    }

    public async ValueTask SetAsync(string key, CacheEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var lifetime = entry.ExpiresAt - time.GetUtcNow();
        if (lifetime <= TimeSpan.Zero)
        {
            return;
        }

        var bytes = new byte[HeaderBytes + entry.Payload.Length];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, entry.ExpiresAt.ToUnixTimeMilliseconds());
        entry.Payload.Span.CopyTo(bytes.AsSpan(HeaderBytes));
        var db = await connector.DatabaseAsync().ConfigureAwait(false);
        await db.StringSetAsync(Key(key), bytes, lifetime).ConfigureAwait(false);
    }

    public async ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken)
    {
        var db = await connector.DatabaseAsync().ConfigureAwait(false);
        return await db.KeyDeleteAsync(Key(key)).ConfigureAwait(false);
    }

    private RedisKey Key(string key) => connector.Key("cache:" + key);
}
