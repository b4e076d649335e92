using System.Globalization;
using System.Text.Json;
using Frugal.Core.Admission;
using Frugal.Storage.Sqlite.Migrations;
using Microsoft.Data.Sqlite;

namespace Frugal.Storage.Sqlite;

/// <summary>Virtual keys in SQLite: the SHA-256 of each key, never the key.</summary>
public sealed class SqliteKeyStore : IKeyStore
{
    private const string Columns = "id, name, team, tags, prefix, created_at, revoked_at, store_bodies, expires_at, allowed_models";

    /// <summary>SQLITE_CONSTRAINT: the unique index on the names of active keys (Frugal step 0002).</summary>
    private const int ConstraintViolation = 19;

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
            INSERT INTO virtual_keys (id, key_hash, name, team, tags, prefix, created_at, revoked_at, store_bodies, expires_at, allowed_models)
            VALUES ($id, $hash, $name, $team, $tags, $prefix, $created, NULL, $storeBodies, $expires, $allowed);
            """;
        command.Parameters.AddWithValue("$id", key.Id);
        command.Parameters.AddWithValue("$hash", keyHash);
        command.Parameters.AddWithValue("$name", key.Name);
        command.Parameters.AddWithValue("$prefix", key.Prefix);
        command.Parameters.AddWithValue("$created", Stamp(key.CreatedAt));
        command.Parameters.AddWithValue("$storeBodies", key.StoreBodies ? 1 : 0);
        AddMutable(command, key);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == ConstraintViolation && ex.Message.Contains("virtual_keys.name", StringComparison.Ordinal))
        {
            throw new KeyNameTakenException($"An active key is already named '{key.Name}'.", ex);
        }
    }

    public Task<VirtualKeyRecord?> FindByHashAsync(string keyHash, CancellationToken cancellationToken)
        => FindAsync("key_hash", keyHash, cancellationToken);

    public Task<VirtualKeyRecord?> FindByIdAsync(string id, CancellationToken cancellationToken)
        => FindAsync("id", id, cancellationToken);

    public async Task<IReadOnlyList<VirtualKeyRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM virtual_keys ORDER BY created_at, id;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<VirtualKeyRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(Read(reader));
        }

        return keys;
    }

    public async Task<bool> UpdateAsync(VirtualKeyRecord key, CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE virtual_keys SET team = $team, tags = $tags, expires_at = $expires, allowed_models = $allowed WHERE id = $id;";
        command.Parameters.AddWithValue("$id", key.Id);
        AddMutable(command, key);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<bool> RevokeAsync(string id, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE virtual_keys SET revoked_at = $at WHERE id = $id AND revoked_at IS NULL;";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$at", Stamp(revokedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    private async Task<VirtualKeyRecord?> FindAsync(string column, string value, CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM virtual_keys WHERE {column} = $value;";
        command.Parameters.AddWithValue("$value", value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    private static void AddMutable(SqliteCommand command, VirtualKeyRecord key)
    {
        command.Parameters.AddWithValue("$team", (object?)key.Team ?? DBNull.Value);
        command.Parameters.AddWithValue("$tags", JsonSerializer.Serialize(key.Tags, StorageJsonContext.Default.IReadOnlyListString));
        command.Parameters.AddWithValue("$expires", key.ExpiresAt is { } expires ? Stamp(expires) : DBNull.Value);
        command.Parameters.AddWithValue("$allowed", key.AllowedModels.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(key.AllowedModels, StorageJsonContext.Default.IReadOnlyListString));
    }

    private static string Stamp(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Time(SqliteDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? null : DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture);

    private static VirtualKeyRecord Read(SqliteDataReader reader) => new(
        Id: reader.GetString(0),
        Name: reader.GetString(1),
        Team: reader.IsDBNull(2) ? null : reader.GetString(2),
        Tags: JsonSerializer.Deserialize(reader.GetString(3), StorageJsonContext.Default.IReadOnlyListString) ?? [],
        Prefix: reader.GetString(4),
        CreatedAt: DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture),
        RevokedAt: Time(reader, 6))
    {
        StoreBodies = reader.GetInt64(7) == 1,
        ExpiresAt = Time(reader, 8),
        AllowedModels = reader.IsDBNull(9) ? [] : JsonSerializer.Deserialize(reader.GetString(9), StorageJsonContext.Default.IReadOnlyListString) ?? [],
    };
}
