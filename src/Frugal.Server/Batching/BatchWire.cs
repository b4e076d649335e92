using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Frugal.Core.Batching;

namespace Frugal.Server.Batching;

/// <summary>
/// Frugal's files and batches in OpenAI's wire format (File object, Batch object with request_counts, list pages,
/// output lines <c>{"id","custom_id","response":{"status_code","request_id","body"},"error"}</c>), written with
/// <see cref="Utf8JsonWriter"/>: no reflection, text from clients escaped as JSON.
/// </summary>
public static class BatchWire
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Error codes of lines that never got an answer (written as the output line's <c>error</c>, <c>response</c> null).</summary>
    public static readonly string[] NotRunCodes = ["batch_expired", "batch_cancelled", "batch_retries_exhausted"];

    public static byte[] File(BatchFileRecord file) => Write(writer => WriteFile(writer, file));

    public static byte[] Batch(BatchJobRecord job) => Write(writer => WriteBatch(writer, job));

    public static byte[] Deleted(string id) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("object", "file");
        writer.WriteBoolean("deleted", true);
        writer.WriteEndObject();
    });

    public static byte[] BatchList(IReadOnlyList<BatchJobRecord> jobs, bool hasMore) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        foreach (var job in jobs)
        {
            WriteBatch(writer, job);
        }

        writer.WriteEndArray();
        WriteNullable(writer, "first_id", jobs.Count > 0 ? jobs[0].Id : null);
        WriteNullable(writer, "last_id", jobs.Count > 0 ? jobs[^1].Id : null);
        writer.WriteBoolean("has_more", hasMore);
        writer.WriteEndObject();
    });

    /// <summary>One line of an output or error file (no newline).</summary>
    public static void WriteOutputLine(IBufferWriter<byte> buffer, string lineId, string requestId, BatchLineResult line)
    {
        using var writer = new Utf8JsonWriter(buffer, Options);
        writer.WriteStartObject();
        writer.WriteString("id", lineId);
        writer.WriteString("custom_id", line.CustomId);
        if (line.StatusCode != 200 && NotRunCode(line.Body.Span) is { } code)
        {
            writer.WriteNull("response");
            writer.WriteStartObject("error");
            writer.WriteString("code", code);
            writer.WriteString("message", ErrorMessage(line.Body.Span) ?? code);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteStartObject("response");
            writer.WriteNumber("status_code", line.StatusCode);
            writer.WriteString("request_id", requestId);
            writer.WritePropertyName("body");
            WriteRawOrString(writer, line.Body.Span);
            writer.WriteEndObject();
            writer.WriteNull("error");
        }

        writer.WriteEndObject();
    }

    /// <summary>An OpenAI error body <c>{"error":{"message","type","code"}}</c>.</summary>
    public static byte[] ErrorBody(string message, string type, string code) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("message", message);
        writer.WriteString("type", type);
        writer.WriteNull("param");
        writer.WriteString("code", code);
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    private static void WriteRawOrString(Utf8JsonWriter writer, ReadOnlySpan<byte> body)
    {
        try
        {
            writer.WriteRawValue(body, skipInputValidation: false);
        }
        catch (JsonException)
        {
            writer.WriteStringValue(System.Text.Encoding.UTF8.GetString(body)); // an upstream answer that is not JSON stays readable
        }
    }

    private static string? NotRunCode(ReadOnlySpan<byte> body)
    {
        var code = ErrorField(body, "code"u8);
        return code is not null && Array.IndexOf(NotRunCodes, code) >= 0 ? code : null;
    }

    private static string? ErrorMessage(ReadOnlySpan<byte> body) => ErrorField(body, "message"u8);

    private static string? ErrorField(ReadOnlySpan<byte> body, ReadOnlySpan<byte> field)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            var depth = 0;
            var inError = false;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        depth++;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        depth--;
                        break;
                    case JsonTokenType.PropertyName when depth == 1:
                        inError = reader.ValueTextEquals("error"u8);
                        break;
                    case JsonTokenType.PropertyName when depth == 2 && inError && reader.ValueTextEquals(field):
                        reader.Read();
                        return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    default:
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    private static void WriteFile(Utf8JsonWriter writer, BatchFileRecord file)
    {
        writer.WriteStartObject();
        writer.WriteString("id", file.Id);
        writer.WriteString("object", "file");
        writer.WriteNumber("bytes", file.Bytes);
        writer.WriteNumber("created_at", file.CreatedAt.ToUnixTimeSeconds());
        writer.WriteString("filename", file.Filename);
        writer.WriteString("purpose", file.Purpose);
        writer.WriteString("status", "processed");
        writer.WriteNull("status_details");
        writer.WriteEndObject();
    }

    private static void WriteBatch(Utf8JsonWriter writer, BatchJobRecord job)
    {
        writer.WriteStartObject();
        writer.WriteString("id", job.Id);
        writer.WriteString("object", "batch");
        writer.WriteString("endpoint", job.Endpoint);
        if (job.Errors is { } errors)
        {
            writer.WriteStartObject("errors");
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            writer.WriteStartObject();
            writer.WriteString("code", "batch_failed");
            writer.WriteString("message", errors);
            writer.WriteNull("param");
            writer.WriteNull("line");
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("errors");
        }

        WriteNullable(writer, "input_file_id", job.InputFileId ?? "");
        writer.WriteString("completion_window", "24h");
        writer.WriteString("status", job.Status);
        WriteNullable(writer, "output_file_id", job.OutputFileId);
        WriteNullable(writer, "error_file_id", job.ErrorFileId);
        writer.WriteNumber("created_at", job.CreatedAt.ToUnixTimeSeconds());
        WriteTime(writer, "in_progress_at", job.InProgressAt);
        writer.WriteNumber("expires_at", job.ExpiresAt.ToUnixTimeSeconds());
        WriteTime(writer, "finalizing_at", job.FinalizingAt);
        WriteTime(writer, "completed_at", job.CompletedAt);
        WriteTime(writer, "failed_at", job.FailedAt);
        WriteTime(writer, "expired_at", job.ExpiredAt);
        WriteTime(writer, "cancelling_at", job.CancellingAt);
        WriteTime(writer, "cancelled_at", job.CancelledAt);
        writer.WriteStartObject("request_counts");
        writer.WriteNumber("total", job.Total);
        writer.WriteNumber("completed", job.Completed);
        writer.WriteNumber("failed", job.Failed);
        writer.WriteEndObject();
        writer.WriteString("model", job.Model);
        writer.WriteStartObject("metadata");
        foreach (var (key, value) in job.Metadata)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } at)
        {
            writer.WriteNumber(name, at.ToUnixTimeSeconds());
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
