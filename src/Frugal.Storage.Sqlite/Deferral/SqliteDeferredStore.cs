using System.Text.Json;
using Frugal.Core.Deferral;
using Frugal.Storage.Sqlite.Migrations;
using Microsoft.Data.Sqlite;

namespace Frugal.Storage.Sqlite.Deferral;

/// <summary>
/// <see cref="IDeferredStore"/> over deferral.db. Each transition's UPDATE names the status it leaves in its WHERE
/// clause, so a repeated or late transition (two observers, a restart's reconciliation racing the observer) is a no-op.
/// Times are Unix milliseconds.
/// </summary>
public sealed class SqliteDeferredStore : IDeferredStore
{
    private const string Columns = "id, key_id, key_name, team, tags, store_bodies, model, body, webhook_url, status, submission_id, batch_id, created_ms, submitted_ms, finished_ms, result_status, result_body, cost_nusd, webhook_attempts";

    public SqliteDeferredStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        database.EnsureSchema(SqliteSchemas.Deferral);
        Database = database;
    }

    public SqliteDatabase Database { get; }

    public void Add(DeferredCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var connection = Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO deferred_calls (id, key_id, key_name, team, tags, store_bodies, model, body, webhook_url, status, created_ms)
            VALUES ($id, $keyId, $keyName, $team, $tags, $storeBodies, $model, $body, $webhook, 0, $created);
            """;
        command.Parameters.AddWithValue("$id", call.Id);
        command.Parameters.AddWithValue("$keyId", call.KeyId);
        command.Parameters.AddWithValue("$keyName", call.KeyName);
        command.Parameters.AddWithValue("$team", (object?)call.Team ?? DBNull.Value);
        command.Parameters.AddWithValue("$tags", JsonSerializer.Serialize(call.Tags, StorageJsonContext.Default.IReadOnlyListString));
        command.Parameters.AddWithValue("$storeBodies", call.StoreBodies ? 1 : 0);
        command.Parameters.AddWithValue("$model", call.Model);
        command.Parameters.AddWithValue("$body", call.Body);
        command.Parameters.AddWithValue("$webhook", (object?)call.WebhookUrl?.AbsoluteUri ?? DBNull.Value);
        command.Parameters.AddWithValue("$created", call.CreatedAt.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    public DeferredCall? Find(string id, string keyId)
    {
        using var connection = Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM deferred_calls WHERE id = $id AND key_id = $keyId;";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$keyId", keyId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadCall(reader) : null;
    }

    public IReadOnlyList<DeferredGroup> PendingGroups(int limit)
    {
        using var connection = Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT key_id, model, COUNT(*), MIN(created_ms) FROM deferred_calls WHERE status = 0
            GROUP BY key_id, model ORDER BY MIN(created_ms) LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var groups = new List<DeferredGroup>();
        while (reader.Read())
        {
            groups.Add(new DeferredGroup(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }

        return groups;
    }

    public IReadOnlyList<DeferredCall> Claim(string keyId, string model, string submissionId, int max, DateTimeOffset now)
    {
        using var connection = Database.Open();
        using var transaction = connection.BeginTransaction();
        using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = """
                UPDATE deferred_calls SET status = 1, submission_id = $submission
                WHERE id IN (SELECT id FROM deferred_calls WHERE status = 0 AND key_id = $keyId AND model = $model ORDER BY created_ms, id LIMIT $max);
                """;
            update.Parameters.AddWithValue("$submission", submissionId);
            update.Parameters.AddWithValue("$keyId", keyId);
            update.Parameters.AddWithValue("$model", model);
            update.Parameters.AddWithValue("$max", max);
            update.ExecuteNonQuery();
        }

        var calls = BySubmission(connection, transaction, submissionId);
        transaction.Commit();
        return calls;
    }

    public IReadOnlyList<IReadOnlyList<DeferredCall>> UnfinishedSubmissions(int limit)
    {
        using var connection = Database.Open();
        var ids = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT DISTINCT submission_id FROM deferred_calls WHERE status = 1 LIMIT $limit;";
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }
        }

        var submissions = new List<IReadOnlyList<DeferredCall>>(ids.Count);
        foreach (var id in ids)
        {
            submissions.Add(BySubmission(connection, null, id));
        }

        return submissions;
    }

    public void MarkSubmitted(string submissionId, string batchId, DateTimeOffset now)
        => Execute(
            "UPDATE deferred_calls SET status = 2, batch_id = $batch, submitted_ms = $now WHERE submission_id = $submission AND status = 1;",
            ("$batch", batchId), ("$now", now.ToUnixTimeMilliseconds()), ("$submission", submissionId));

    public void FailSubmission(string submissionId, int statusCode, byte[] body, DateTimeOffset now, bool webhookDue)
        => Execute(
            """
            UPDATE deferred_calls SET status = 4, result_status = $code, result_body = $body, finished_ms = $now,
                webhook_state = CASE WHEN webhook_url IS NULL THEN 0 ELSE 1 END, webhook_next_ms = $now
            WHERE submission_id = $submission AND status = 1;
            """,
            ("$code", statusCode), ("$body", body), ("$now", now.ToUnixTimeMilliseconds()), ("$submission", submissionId));

    public IReadOnlyList<DeferredCall> Submitted(int limit)
        => Query($"SELECT {Columns} FROM deferred_calls WHERE status = 2 ORDER BY submitted_ms, id LIMIT $limit;", ("$limit", limit));

    public bool Finish(string id, string batchId, int statusCode, byte[] body, decimal? costUsd, DateTimeOffset now)
        => Execute(
            """
            UPDATE deferred_calls SET status = CASE WHEN $code = 200 THEN 3 ELSE 4 END, result_status = $code, result_body = $body,
                cost_nusd = $cost, finished_ms = $now, webhook_state = CASE WHEN webhook_url IS NULL THEN 0 ELSE 1 END, webhook_next_ms = $now
            WHERE id = $id AND batch_id = $batch AND status = 2;
            """,
            ("$code", statusCode), ("$body", body), ("$cost", costUsd is { } usd ? NanoUsd.From(usd) : null), ("$now", now.ToUnixTimeMilliseconds()),
            ("$id", id), ("$batch", batchId)) == 1;

    public IReadOnlyList<DeferredCall> DueWebhooks(DateTimeOffset now, int limit)
        => Query(
            $"SELECT {Columns} FROM deferred_calls WHERE webhook_state = 1 AND webhook_next_ms <= $now ORDER BY webhook_next_ms LIMIT $limit;",
            ("$now", now.ToUnixTimeMilliseconds()), ("$limit", limit));

    public void WebhookDelivered(string id)
        => Execute("UPDATE deferred_calls SET webhook_state = 2, webhook_attempts = webhook_attempts + 1 WHERE id = $id AND webhook_state = 1;", ("$id", id));

    public void WebhookRetryAt(string id, int attempts, DateTimeOffset nextAttempt)
        => Execute(
            "UPDATE deferred_calls SET webhook_attempts = $attempts, webhook_next_ms = $next WHERE id = $id AND webhook_state = 1;",
            ("$attempts", attempts), ("$next", nextAttempt.ToUnixTimeMilliseconds()), ("$id", id));

    public void WebhookAbandoned(string id, int attempts)
        => Execute("UPDATE deferred_calls SET webhook_state = 3, webhook_attempts = $attempts WHERE id = $id AND webhook_state = 1;", ("$attempts", attempts), ("$id", id));

    public int DeleteFinishedBefore(DateTimeOffset cutoff, int limit)
        => Execute(
            "DELETE FROM deferred_calls WHERE id IN (SELECT id FROM deferred_calls WHERE finished_ms IS NOT NULL AND finished_ms < $cutoff AND webhook_state <> 1 LIMIT $limit);",
            ("$cutoff", cutoff.ToUnixTimeMilliseconds()), ("$limit", limit));

    private static List<DeferredCall> BySubmission(SqliteConnection connection, SqliteTransaction? transaction, string submissionId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM deferred_calls WHERE submission_id = $submission AND status = 1 ORDER BY created_ms, id;";
        command.Parameters.AddWithValue("$submission", submissionId);
        using var reader = command.ExecuteReader();
        var calls = new List<DeferredCall>();
        while (reader.Read())
        {
            calls.Add(ReadCall(reader));
        }

        return calls;
    }

    private List<DeferredCall> Query(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        using var reader = command.ExecuteReader();
        var calls = new List<DeferredCall>();
        while (reader.Read())
        {
            calls.Add(ReadCall(reader));
        }

        return calls;
    }

    private int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command.ExecuteNonQuery();
    }

    private static DeferredCall ReadCall(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        KeyId = reader.GetString(1),
        KeyName = reader.GetString(2),
        Team = reader.IsDBNull(3) ? null : reader.GetString(3),
        Tags = JsonSerializer.Deserialize(reader.GetString(4), StorageJsonContext.Default.IReadOnlyListString) ?? [],
        StoreBodies = reader.GetInt64(5) != 0,
        Model = reader.GetString(6),
        Body = (byte[])reader.GetValue(7),
        WebhookUrl = reader.IsDBNull(8) ? null : new Uri(reader.GetString(8)),
        Status = (DeferredStatus)reader.GetInt32(9),
        SubmissionId = reader.IsDBNull(10) ? null : reader.GetString(10),
        BatchId = reader.IsDBNull(11) ? null : reader.GetString(11),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12)),
        SubmittedAt = reader.IsDBNull(13) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(13)),
        FinishedAt = reader.IsDBNull(14) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(14)),
        ResultStatus = reader.IsDBNull(15) ? null : reader.GetInt32(15),
        ResultBody = reader.IsDBNull(16) ? null : (byte[])reader.GetValue(16),
        CostUsd = reader.IsDBNull(17) ? null : NanoUsd.ToUsd(reader.GetInt64(17)),
        WebhookAttempts = reader.GetInt32(18),
    };
}
