using System.Globalization;
using System.Text.Json;
using Frugal.Core.Admission;
using Frugal.Storage.Sqlite.Migrations;
using Microsoft.Data.Sqlite;

namespace Frugal.Storage.Sqlite;

/// <summary>Virtual keys in SQLite: the SHA-256 of each key, never the key.</summary>
public sealed class SqliteKeyStore : IKeyStore
{
    private readonly SqliteDatabase _database;

    public SqliteKeyStore(SqliteDatabase database)
    {
        _database = database;
        _database.EnsureSchema(SqliteSchemas.Frugal);
    }

    public async Task AddAsync(VirtualKeyRecord key, string keyHash, CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO virtual_keys (id, key_hash, name, team, tags, prefix, created_at, revoked_at, store_bodies)
            VALUES ($id, $hash, $name, $team, $tags, $prefix, $created, NULL, $storeBodies);
            """;
        command.Parameters.AddWithValue("$id", key.Id);
        command.Parameters.AddWithValue("$hash", keyHash);
        command.Parameters.AddWithValue("$name", key.Name);
        command.Parameters.AddWithValue("$team", (object?)key.Team ?? DBNull.Value);
        command.Parameters.AddWithValue("$tags", JsonSerializer.Serialize(key.Tags, StorageJsonContext.Default.IReadOnlyListString));
        command.Parameters.AddWithValue("$prefix", key.Prefix);
        command.Parameters.AddWithValue("$created", key.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$storeBodies", key.StoreBodies ? 1 : 0);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<VirtualKeyRecord?> FindByHashAsync(string keyHash, CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, team, tags, prefix, created_at, revoked_at, store_bodies FROM virtual_keys WHERE key_hash = $hash;";
        command.Parameters.AddWithValue("$hash", keyHash);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<VirtualKeyRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, team, tags, prefix, created_at, revoked_at, store_bodies FROM virtual_keys ORDER BY created_at, id;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<VirtualKeyRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(Read(reader));
        }

        return keys;
    }

    public async Task<bool> RevokeAsync(string idOrName, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE virtual_keys SET revoked_at = $at WHERE (id = $key OR name = $key) AND revoked_at IS NULL;";
        command.Parameters.AddWithValue("$key", idOrName);
        command.Parameters.AddWithValue("$at", revokedAt.ToString("O", CultureInfo.InvariantCulture));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    private static VirtualKeyRecord Read(SqliteDataReader reader) => new(
        Id: reader.GetString(0),
        Name: reader.GetString(1),
        Team: reader.IsDBNull(2) ? null : reader.GetString(2),
        Tags: JsonSerializer.Deserialize(reader.GetString(3), StorageJsonContext.Default.IReadOnlyListString) ?? [],
        Prefix: reader.GetString(4),
        CreatedAt: DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture),
        RevokedAt: reader.IsDBNull(6) ? null : DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture))
    {
        StoreBodies = reader.GetInt64(7) == 1,
    };
}
