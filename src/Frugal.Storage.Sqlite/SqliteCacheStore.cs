using Frugal.Core.Caching;
using Frugal.Storage.Sqlite.Migrations;
using Microsoft.Data.Sqlite;

namespace Frugal.Storage.Sqlite;

/// <summary>
/// Cached answers in SQLite (<c>cache.db</c>), so the cache survives a restart. Expired rows are
/// never returned and are purged in small batches as new entries are written, so the file does
/// not grow without bound.
/// </summary>
public sealed class SqliteCacheStore : ICacheStore
{
    /// <summary>Purge expired rows every this many writes.</summary>
    private const int PurgeEveryWrites = 256;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private int _writesSincePurge;

    public SqliteCacheStore(SqliteDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
        _database.EnsureSchema(SqliteSchemas.Cache);
    }

    public async ValueTask<CacheEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload, expires_ms FROM cache_entries WHERE key = $key AND expires_ms > $now;";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new CacheEntry((byte[])reader.GetValue(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)));
    }

    public async ValueTask SetAsync(string key, CacheEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "INSERT OR REPLACE INTO cache_entries (key, payload, expires_ms) VALUES ($key, $payload, $expires);";
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.Add("$payload", SqliteType.Blob).Value = entry.Payload.ToArray();
            command.Parameters.AddWithValue("$expires", entry.ExpiresAt.ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (Interlocked.Increment(ref _writesSincePurge) >= PurgeEveryWrites)
        {
            Interlocked.Exchange(ref _writesSincePurge, 0);
            await PurgeExpiredAsync(connection, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM cache_entries WHERE key = $key;";
        command.Parameters.AddWithValue("$key", key);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>Deletes expired rows; returns how many went.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        return await PurgeExpiredAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> PurgeExpiredAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM cache_entries WHERE expires_ms <= $now;";
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
