namespace Frugal.Core.Caching;

/// <summary>
/// Where cached answers live: in-process memory (default), SQLite (survives a restart) or Redis
/// (shared by several gateway processes). Keys already contain the tenant namespace and the
/// cache-key version; payloads are opaque bytes owned by the cache stage. Implementations never
/// return an entry whose <see cref="CacheEntry.ExpiresAt"/> has passed.
/// </summary>
public interface ICacheStore
{
    ValueTask<CacheEntry?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores or replaces the entry under <paramref name="key"/> until its expiry.</summary>
    ValueTask SetAsync(string key, CacheEntry entry, CancellationToken cancellationToken);

    /// <summary>Removes the entry; true when there was one.</summary>
    ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken);
}
