using System.Globalization;
using Frugal.Core.Caching;
using Frugal.Storage.Sqlite.Migrations;
using Microsoft.Data.Sqlite;

namespace Frugal.Storage.Sqlite;

/// <summary>
/// The semantic cache's event log in SQLite (<c>cache.db</c>); the cursor is the last row id read.
/// </summary>
public sealed class SqliteSemanticCacheLog : ISemanticCacheLog
{
    private readonly SqliteDatabase _database;

    public SqliteSemanticCacheLog(SqliteDatabase database)
    {
        _database = database;
        _database.EnsureSchema(SqliteSchemas.Cache);
    }

    public async ValueTask AppendAsync(SemanticCacheEvent cacheEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cacheEvent);
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO semantic_log (kind, entry_key, context_key, vector, text, threshold, expires_ms)
            VALUES ($kind, $entry, $context, $vector, $text, $threshold, $expires);
            """;
        command.Parameters.AddWithValue("$kind", (int)cacheEvent.Kind);
        command.Parameters.AddWithValue("$entry", cacheEvent.EntryKey);
        command.Parameters.AddWithValue("$context", cacheEvent.ContextKey);
        command.Parameters.Add("$vector", SqliteType.Blob).Value = cacheEvent.Vector is { } vector ? SemanticVectorBytes.ToBytes(vector) : DBNull.Value;
        command.Parameters.AddWithValue("$text", (object?)cacheEvent.Text ?? DBNull.Value);
        command.Parameters.AddWithValue("$threshold", cacheEvent.Threshold);
        command.Parameters.AddWithValue("$expires", cacheEvent.ExpiresAt.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<SemanticCacheEventBatch> ReadSinceAsync(string? cursor, int max, CancellationToken cancellationToken)
    {
        var after = cursor is null ? 0L : long.Parse(cursor, CultureInfo.InvariantCulture);
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, kind, entry_key, context_key, vector, text, threshold, expires_ms
            FROM semantic_log WHERE id > $after ORDER BY id LIMIT $max;
            """;
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$max", max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var events = new List<SemanticCacheEvent>();
        var last = after;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            last = reader.GetInt64(0);
            events.Add(new SemanticCacheEvent(
                (SemanticCacheEventKind)reader.GetInt32(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : SemanticVectorBytes.FromBytes((byte[])reader.GetValue(4)),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetFloat(6),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7))));
        }

        return new SemanticCacheEventBatch(events, last == 0 ? cursor : last.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Forgets every expired event (each carries its entry's expiry) and every event superseded by a
    /// later Added or Removed of the same entry. The latest removal itself stays until the entry's
    /// expiry, for processes whose cursor is behind it; an entry re-added after a removal (common once
    /// the cache evicts) keeps its new events.
    /// </summary>
    public async ValueTask CompactAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM semantic_log WHERE expires_ms <= $now;
            DELETE FROM semantic_log WHERE id < (
                SELECT MAX(later.id) FROM semantic_log AS later
                WHERE later.entry_key = semantic_log.entry_key AND later.kind IN ($added, $removed));
            """;
        command.Parameters.AddWithValue("$added", (int)SemanticCacheEventKind.Added);
        command.Parameters.AddWithValue("$removed", (int)SemanticCacheEventKind.Removed);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
