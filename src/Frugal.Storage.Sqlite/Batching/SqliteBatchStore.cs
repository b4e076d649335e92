using System.Globalization;
using System.Text.Json;
using Frugal.Core.Batching;
using Frugal.Storage.Sqlite.Migrations;
using Microsoft.Data.Sqlite;

namespace Frugal.Storage.Sqlite.Batching;

/// <summary>
/// Files, batch jobs and their lines in <c>batches.db</c>. Every change a restart must see is committed before the
/// coordinator moves on (a job's lines are inserted with the job in one transaction; a group of finished lines and
/// the job's counts in another), so the coordinator resumes from this file alone.
/// </summary>
public sealed class SqliteBatchStore
{
    private const string JobColumns = """
        id, key_id, key_name, team, tags, store_bodies, origin, endpoint, requested_model, model, provider, upstream_model,
        execution, retry_policy, status, input_file_id, output_file_id, error_file_id, metadata, errors, total, completed, failed,
        created_at, in_progress_at, finalizing_at, completed_at, failed_at, expired_at, cancelling_at, cancelled_at, expires_at,
        provider_attempt, provider_batch_id, provider_cancel_sent, next_poll_at, poll_failures
        """;

    private readonly SqliteDatabase _database;

    public SqliteBatchStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _database.EnsureSchema(SqliteSchemas.Batch);
    }

    public void AddFile(BatchFileRecord file)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO batch_files (id, key_id, purpose, filename, bytes, created_at, lines, endpoint, model)
            VALUES ($id, $key, $purpose, $filename, $bytes, $created, $lines, $endpoint, $model);
            """;
        command.Parameters.AddWithValue("$id", file.Id);
        command.Parameters.AddWithValue("$key", file.KeyId);
        command.Parameters.AddWithValue("$purpose", file.Purpose);
        command.Parameters.AddWithValue("$filename", file.Filename);
        command.Parameters.AddWithValue("$bytes", file.Bytes);
        command.Parameters.AddWithValue("$created", file.CreatedAt.ToUnixTimeSeconds());
        command.Parameters.AddWithValue("$lines", file.Lines);
        command.Parameters.AddWithValue("$endpoint", (object?)file.Endpoint ?? DBNull.Value);
        command.Parameters.AddWithValue("$model", (object?)file.Model ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    /// <summary>The file, unless it is unknown or deleted.</summary>
    public BatchFileRecord? FindFile(string id)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, key_id, purpose, filename, bytes, created_at, lines, endpoint, model FROM batch_files WHERE id = $id AND deleted = 0;";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new BatchFileRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
                DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(5)), reader.GetInt32(6), NullableString(reader, 7), NullableString(reader, 8))
            : null;
    }

    public bool DeleteFile(string id)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE batch_files SET deleted = 1 WHERE id = $id AND deleted = 0;";
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteNonQuery() > 0;
    }

    /// <summary>
    /// Stores a new job and all its lines (pending) in one transaction and returns its id. With a
    /// <paramref name="submission"/> id (deferral's) that the key already has a job for, nothing is stored and that
    /// job's id is returned (the unique index decides, so two concurrent submits cannot both store).
    /// </summary>
    public string AddJob(BatchJobRecord job, IEnumerable<ProviderBatchLine> lines, string? submission = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(lines);
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            var names = JobColumns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            insert.CommandText = $"INSERT INTO batch_jobs ({JobColumns}, submission) VALUES ({string.Join(", ", names.Select(n => "$" + n))}, $submission) ON CONFLICT DO NOTHING;";
            BindJob(insert, job);
            insert.Parameters.AddWithValue("$submission", (object?)submission ?? DBNull.Value);
            if (insert.ExecuteNonQuery() == 0 && submission is not null && FindJobIdBySubmission(connection, transaction, job.KeyId, submission) is { } existing)
            {
                transaction.Rollback();
                return existing;
            }
        }

        using (var line = connection.CreateCommand())
        {
            line.Transaction = transaction;
            line.CommandText = "INSERT INTO batch_lines (batch_id, line_no, custom_id, body) VALUES ($batch, $no, $custom, $body);";
            line.Parameters.AddWithValue("$batch", job.Id);
            var no = line.Parameters.Add("$no", SqliteType.Integer);
            var custom = line.Parameters.Add("$custom", SqliteType.Text);
            var body = line.Parameters.Add("$body", SqliteType.Blob);
            line.Prepare();
            long number = 0;
            foreach (var each in lines)
            {
                no.Value = ++number;
                custom.Value = each.CustomId;
                body.Value = each.Body.ToArray();
                line.ExecuteNonQuery();
            }
        }

        transaction.Commit();
        return job.Id;
    }

    /// <summary>The id of the key's job stored under deferral's <paramref name="submission"/> id, if any.</summary>
    public string? FindJobIdBySubmission(string keyId, string submission)
    {
        using var connection = _database.Open();
        return FindJobIdBySubmission(connection, null, keyId, submission);
    }

    private static string? FindJobIdBySubmission(SqliteConnection connection, SqliteTransaction? transaction, string keyId, string submission)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT id FROM batch_jobs WHERE key_id = $key AND submission = $submission;";
        command.Parameters.AddWithValue("$key", keyId);
        command.Parameters.AddWithValue("$submission", submission);
        return command.ExecuteScalar() as string;
    }

    /// <summary>
    /// Writes the job's state if its status is still <paramref name="expectedStatus"/> (a cancel that came in meanwhile
    /// wins; the caller sees false and looks again next tick). The line counts are not written here: only
    /// <see cref="FinishLines"/> changes them, from the lines themselves.
    /// </summary>
    public bool UpdateJob(BatchJobRecord job, string expectedStatus)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        var names = JobColumns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        string[] counted = ["id", "total", "completed", "failed"];
        command.CommandText = $"UPDATE batch_jobs SET {string.Join(", ", names.Where(n => !counted.Contains(n)).Select(n => $"{n} = ${n}"))} WHERE id = $id AND status = $expected;";
        BindJob(command, job);
        command.Parameters.AddWithValue("$expected", expectedStatus);
        return command.ExecuteNonQuery() > 0;
    }

    public BatchJobRecord? FindJob(string id)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {JobColumns} FROM batch_jobs WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadJob(reader) : null;
    }

    /// <summary>A key's jobs of one origin, newest first, after <paramref name="afterId"/> (OpenAI's cursor), at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<BatchJobRecord> ListJobs(string keyId, string origin, string? afterId, int limit)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {JobColumns} FROM batch_jobs
            WHERE key_id = $key AND origin = $origin
              AND ($after IS NULL OR seq < (SELECT seq FROM batch_jobs WHERE id = $after AND key_id = $key))
            ORDER BY seq DESC LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$key", keyId);
        command.Parameters.AddWithValue("$origin", origin);
        command.Parameters.AddWithValue("$after", (object?)afterId ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var jobs = new List<BatchJobRecord>();
        while (reader.Read())
        {
            jobs.Add(ReadJob(reader));
        }

        return jobs;
    }

    /// <summary>Jobs that have not ended (what the coordinator works on, also after a restart).</summary>
    public IReadOnlyList<BatchJobRecord> ActiveJobs()
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {JobColumns} FROM batch_jobs WHERE status IN ('validating', 'in_progress', 'finalizing', 'cancelling') ORDER BY seq;";
        using var reader = command.ExecuteReader();
        var jobs = new List<BatchJobRecord>();
        while (reader.Read())
        {
            jobs.Add(ReadJob(reader));
        }

        return jobs;
    }

    /// <summary>Up to <paramref name="limit"/> unfinished lines in file order; <paramref name="notInAttempt"/> skips lines already submitted to that provider batch.</summary>
    public IReadOnlyList<PendingBatchLine> PendingLines(string batchId, int limit, int? notInAttempt = null)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT line_no, custom_id, body, tries FROM batch_lines
            WHERE batch_id = $batch AND state = 'pending' AND ($attempt IS NULL OR attempt <> $attempt)
            ORDER BY line_no LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$batch", batchId);
        command.Parameters.AddWithValue("$attempt", notInAttempt is { } a ? a : (object)DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var lines = new List<PendingBatchLine>();
        while (reader.Read())
        {
            lines.Add(new PendingBatchLine(reader.GetInt64(0), reader.GetString(1), (byte[])reader.GetValue(2), reader.GetInt32(3)));
        }

        return lines;
    }

    /// <summary>Marks every pending line as submitted to provider batch number <paramref name="attempt"/> and counts a try for each.</summary>
    public void MarkSubmitted(string batchId, int attempt)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE batch_lines SET attempt = $attempt, tries = tries + 1 WHERE batch_id = $batch AND state = 'pending';";
        command.Parameters.AddWithValue("$batch", batchId);
        command.Parameters.AddWithValue("$attempt", attempt);
        command.ExecuteNonQuery();
    }

    /// <summary>Counts a try for lines that were run (self-run) but must run again.</summary>
    public void CountTry(string batchId, IEnumerable<string> customIds)
    {
        ArgumentNullException.ThrowIfNull(customIds);
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE batch_lines SET tries = tries + 1 WHERE batch_id = $batch AND custom_id = $custom AND state = 'pending';";
        command.Parameters.AddWithValue("$batch", batchId);
        var custom = command.Parameters.Add("$custom", SqliteType.Text);
        foreach (var id in customIds)
        {
            custom.Value = id;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>
    /// Makes the results final (a line already done keeps its first result) and refreshes the job's counts, in one
    /// transaction. Returns the results that were actually new.
    /// </summary>
    public IReadOnlyList<BatchLineResult> FinishLines(string batchId, IReadOnlyList<BatchLineResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var fresh = new List<BatchLineResult>(results.Count);
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                UPDATE batch_lines SET state = 'done', status_code = $status, result = $result, cost_nusd = $cost
                WHERE batch_id = $batch AND custom_id = $custom AND state = 'pending';
                """;
            command.Parameters.AddWithValue("$batch", batchId);
            var status = command.Parameters.Add("$status", SqliteType.Integer);
            var result = command.Parameters.Add("$result", SqliteType.Blob);
            var cost = command.Parameters.Add("$cost", SqliteType.Integer);
            var custom = command.Parameters.Add("$custom", SqliteType.Text);
            foreach (var line in results)
            {
                status.Value = line.StatusCode;
                result.Value = line.Body.ToArray();
                cost.Value = line.CostUsd is { } usd ? NanoUsd.From(usd) : (object)DBNull.Value;
                custom.Value = line.CustomId;
                if (command.ExecuteNonQuery() > 0)
                {
                    fresh.Add(line);
                }
            }
        }

        using (var counts = connection.CreateCommand())
        {
            counts.Transaction = transaction;
            counts.CommandText = """
                UPDATE batch_jobs SET
                  completed = (SELECT COUNT(*) FROM batch_lines WHERE batch_id = $batch AND state = 'done' AND status_code = 200),
                  failed = (SELECT COUNT(*) FROM batch_lines WHERE batch_id = $batch AND state = 'done' AND status_code <> 200)
                WHERE id = $batch;
                """;
            counts.Parameters.AddWithValue("$batch", batchId);
            counts.ExecuteNonQuery();
        }

        transaction.Commit();
        return fresh;
    }

    public int PendingCount(string batchId)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM batch_lines WHERE batch_id = $batch AND state = 'pending';";
        command.Parameters.AddWithValue("$batch", batchId);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>The line's final result, or null while it is pending or unknown.</summary>
    public BatchLineResult? FindLine(string batchId, string customId)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT status_code, result, cost_nusd FROM batch_lines WHERE batch_id = $batch AND custom_id = $custom AND state = 'done';";
        command.Parameters.AddWithValue("$batch", batchId);
        command.Parameters.AddWithValue("$custom", customId);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new BatchLineResult(customId, reader.GetInt32(0), (byte[])reader.GetValue(1), reader.IsDBNull(2) ? null : NanoUsd.ToUsd(reader.GetInt64(2)))
            : null;
    }

    /// <summary>Every finished line in file order, one at a time (the output and error files are written from this).</summary>
    public IEnumerable<BatchLineResult> FinishedLines(string batchId)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT custom_id, status_code, result, cost_nusd FROM batch_lines WHERE batch_id = $batch AND state = 'done' ORDER BY line_no;";
        command.Parameters.AddWithValue("$batch", batchId);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new BatchLineResult(reader.GetString(0), reader.GetInt32(1), (byte[])reader.GetValue(2), reader.IsDBNull(3) ? null : NanoUsd.ToUsd(reader.GetInt64(3)));
        }
    }

    public void AddAttempt(string batchId, int attempt, string providerBatchId, string status, DateTimeOffset at)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO batch_attempts (batch_id, attempt, provider_batch_id, status, created_at) VALUES ($batch, $attempt, $provider, $status, $at)
            ON CONFLICT(batch_id, attempt) DO UPDATE SET provider_batch_id = excluded.provider_batch_id, status = excluded.status;
            """;
        command.Parameters.AddWithValue("$batch", batchId);
        command.Parameters.AddWithValue("$attempt", attempt);
        command.Parameters.AddWithValue("$provider", providerBatchId);
        command.Parameters.AddWithValue("$status", status);
        command.Parameters.AddWithValue("$at", at.ToUnixTimeSeconds());
        command.ExecuteNonQuery();
    }

    public void UpdateAttempt(string batchId, int attempt, string status, string? outputLocator, string? errorLocator)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        // COALESCE: a locator learnt at create (Anthropic: lines it could not translate) survives polls that do not repeat it.
        command.CommandText = "UPDATE batch_attempts SET status = $status, output_locator = COALESCE($output, output_locator), error_locator = COALESCE($error, error_locator) WHERE batch_id = $batch AND attempt = $attempt;";
        command.Parameters.AddWithValue("$batch", batchId);
        command.Parameters.AddWithValue("$attempt", attempt);
        command.Parameters.AddWithValue("$status", status);
        command.Parameters.AddWithValue("$output", (object?)outputLocator ?? DBNull.Value);
        command.Parameters.AddWithValue("$error", (object?)errorLocator ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    /// <summary>The error locator stored for one provider batch of a job (set at create or at the end), if any.</summary>
    public string? AttemptErrorLocator(string batchId, int attempt)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT error_locator FROM batch_attempts WHERE batch_id = $batch AND attempt = $attempt;";
        command.Parameters.AddWithValue("$batch", batchId);
        command.Parameters.AddWithValue("$attempt", attempt);
        return command.ExecuteScalar() as string;
    }

    /// <summary>The provider batch ids a job created, in order.</summary>
    public IReadOnlyList<string> ProviderBatchIds(string batchId)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT provider_batch_id FROM batch_attempts WHERE batch_id = $batch ORDER BY attempt;";
        command.Parameters.AddWithValue("$batch", batchId);
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static void BindJob(SqliteCommand command, BatchJobRecord job)
    {
        var p = command.Parameters;
        p.AddWithValue("$id", job.Id);
        p.AddWithValue("$key_id", job.KeyId);
        p.AddWithValue("$key_name", job.KeyName);
        p.AddWithValue("$team", (object?)job.Team ?? DBNull.Value);
        p.AddWithValue("$tags", JsonSerializer.Serialize(job.Tags, BatchStorageJsonContext.Default.IReadOnlyListString));
        p.AddWithValue("$store_bodies", job.StoreBodies ? 1 : 0);
        p.AddWithValue("$origin", job.Origin);
        p.AddWithValue("$endpoint", job.Endpoint);
        p.AddWithValue("$requested_model", job.RequestedModel);
        p.AddWithValue("$model", job.Model);
        p.AddWithValue("$provider", job.Provider);
        p.AddWithValue("$upstream_model", job.UpstreamModel);
        p.AddWithValue("$execution", job.Execution);
        p.AddWithValue("$retry_policy", job.RetryPolicy.ToString());
        p.AddWithValue("$status", job.Status);
        p.AddWithValue("$input_file_id", (object?)job.InputFileId ?? DBNull.Value);
        p.AddWithValue("$output_file_id", (object?)job.OutputFileId ?? DBNull.Value);
        p.AddWithValue("$error_file_id", (object?)job.ErrorFileId ?? DBNull.Value);
        p.AddWithValue("$metadata", JsonSerializer.Serialize(job.Metadata, BatchStorageJsonContext.Default.IReadOnlyDictionaryStringString));
        p.AddWithValue("$errors", (object?)job.Errors ?? DBNull.Value);
        p.AddWithValue("$total", job.Total);
        p.AddWithValue("$completed", job.Completed);
        p.AddWithValue("$failed", job.Failed);
        p.AddWithValue("$created_at", job.CreatedAt.ToUnixTimeSeconds());
        Time(p, "$in_progress_at", job.InProgressAt);
        Time(p, "$finalizing_at", job.FinalizingAt);
        Time(p, "$completed_at", job.CompletedAt);
        Time(p, "$failed_at", job.FailedAt);
        Time(p, "$expired_at", job.ExpiredAt);
        Time(p, "$cancelling_at", job.CancellingAt);
        Time(p, "$cancelled_at", job.CancelledAt);
        p.AddWithValue("$expires_at", job.ExpiresAt.ToUnixTimeSeconds());
        p.AddWithValue("$provider_attempt", job.ProviderAttempt);
        p.AddWithValue("$provider_batch_id", (object?)job.ProviderBatchId ?? DBNull.Value);
        p.AddWithValue("$provider_cancel_sent", job.ProviderCancelSent ? 1 : 0);
        p.AddWithValue("$next_poll_at", job.NextPollAt.ToUnixTimeMilliseconds());
        p.AddWithValue("$poll_failures", job.PollFailures);
    }

    private static void Time(SqliteParameterCollection parameters, string name, DateTimeOffset? value)
        => parameters.AddWithValue(name, value is { } v ? v.ToUnixTimeSeconds() : DBNull.Value);

    private static BatchJobRecord ReadJob(SqliteDataReader r)
    {
        var i = 0;
        return new BatchJobRecord
        {
            Id = r.GetString(i++),
            KeyId = r.GetString(i++),
            KeyName = r.GetString(i++),
            Team = NullableString(r, i++),
            Tags = JsonSerializer.Deserialize(r.GetString(i++), BatchStorageJsonContext.Default.IReadOnlyListString) ?? [],
            StoreBodies = r.GetInt32(i++) != 0,
            Origin = r.GetString(i++),
            Endpoint = r.GetString(i++),
            RequestedModel = r.GetString(i++),
            Model = r.GetString(i++),
            Provider = r.GetString(i++),
            UpstreamModel = r.GetString(i++),
            Execution = r.GetString(i++),
            RetryPolicy = Enum.Parse<BatchRetryPolicy>(r.GetString(i++)),
            Status = r.GetString(i++),
            InputFileId = NullableString(r, i++),
            OutputFileId = NullableString(r, i++),
            ErrorFileId = NullableString(r, i++),
            Metadata = JsonSerializer.Deserialize(r.GetString(i++), BatchStorageJsonContext.Default.IReadOnlyDictionaryStringString) ?? new Dictionary<string, string>(),
            Errors = NullableString(r, i++),
            Total = r.GetInt32(i++),
            Completed = r.GetInt32(i++),
            Failed = r.GetInt32(i++),
            CreatedAt = DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(i++)),
            InProgressAt = NullableTime(r, i++),
            FinalizingAt = NullableTime(r, i++),
            CompletedAt = NullableTime(r, i++),
            FailedAt = NullableTime(r, i++),
            ExpiredAt = NullableTime(r, i++),
            CancellingAt = NullableTime(r, i++),
            CancelledAt = NullableTime(r, i++),
            ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(i++)),
            ProviderAttempt = r.GetInt32(i++),
            ProviderBatchId = NullableString(r, i++),
            ProviderCancelSent = r.GetInt32(i++) != 0,
            NextPollAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i++)),
            PollFailures = r.GetInt32(i),
        };
    }

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? NullableTime(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(ordinal));
}
