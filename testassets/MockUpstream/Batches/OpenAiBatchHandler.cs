using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Frugal.MockUpstream.Batches;

/// <summary>
/// OpenAI's Files and Batches APIs, in memory: <c>POST/GET /v1/files</c>, <c>GET/DELETE /v1/files/{id}</c>,
/// <c>GET /v1/files/{id}/content</c>, <c>POST/GET /v1/batches</c>, <c>GET /v1/batches/{id}</c>,
/// <c>POST /v1/batches/{id}/cancel</c>. Lines are answered by the synchronous handlers (see <see cref="MockBatch"/>).
/// </summary>
internal sealed class OpenAiBatchHandler
{
    private readonly MockUpstreamOptions _options;
    private readonly MockFileStore _files;
    private readonly Func<MockCall, Task> _chat;
    private readonly Func<MockCall, Task> _embeddings;
    private readonly ConcurrentDictionary<string, MockBatch> _batches = new(StringComparer.Ordinal);
    private long _next;

    public OpenAiBatchHandler(MockUpstreamOptions options, MockFileStore files, Func<MockCall, Task> chat, Func<MockCall, Task> embeddings)
    {
        _options = options;
        _files = files;
        _chat = chat;
        _embeddings = embeddings;
    }

    public static bool Handles(string path) => path.StartsWith("/v1/files", StringComparison.Ordinal) || path.StartsWith("/v1/batches", StringComparison.Ordinal);

    public void Clear()
    {
        foreach (var id in _batches.Keys)
        {
            if (_batches.TryRemove(id, out var batch))
            {
                batch.Dispose();
            }
        }
    }

    public async Task HandleAsync(MockCall call, string path, IReadOnlyDictionary<string, string> headers)
    {
        var context = call.Context;
        var method = context.Request.Method;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries); // v1, files|batches, id?, action?
        var collection = segments[1];
        var id = segments.Length > 2 ? segments[2] : null;
        var action = segments.Length > 3 ? segments[3] : null;
        switch (collection, id, action, method)
        {
            case ("files", null, null, "POST"):
                await UploadAsync(call);
                return;
            case ("files", null, null, "GET"):
                await WriteListAsync(context, _files.All(), WriteFile);
                return;
            case ("files", not null, null, "GET") when _files.Find(id) is { } file:
                await WriteAsync(context, w => WriteFile(w, file));
                return;
            case ("files", not null, null, "DELETE") when _files.Remove(id):
                await WriteAsync(context, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("id", id);
                    w.WriteString("object", "file");
                    w.WriteBoolean("deleted", true);
                    w.WriteEndObject();
                });
                return;
            case ("files", not null, "content", "GET") when _files.Find(id) is { } file:
                context.Response.ContentType = "application/octet-stream";
                context.Response.ContentLength = file.Content.Length;
                await context.Response.Body.WriteAsync(file.Content, context.RequestAborted);
                return;
            case ("batches", null, null, "POST"):
                await CreateAsync(call, headers);
                return;
            case ("batches", null, null, "GET"):
                var all = _batches.Values.OrderByDescending(b => b.Id, StringComparer.Ordinal).ToList();
                foreach (var each in all)
                {
                    await AdvanceAsync(each);
                }

                await WriteListAsync(context, all, WriteBatch);
                return;
            case ("batches", not null, null, "GET") when _batches.TryGetValue(id, out var batch):
                if (batch.TakePollFailure())
                {
                    await ProviderErrors.WriteAsync(context, Provider.OpenAi, StatusCodes.Status503ServiceUnavailable, "mock 503: the batch service is unavailable ([[batch:poll-fail]])");
                    return;
                }

                await AdvanceAsync(batch);
                await WriteAsync(context, w => WriteBatch(w, batch));
                return;
            case ("batches", not null, "cancel", "POST") when _batches.TryGetValue(id, out var batch):
                await batch.CancelAsync(_options.Time.GetUtcNow());
                await WriteAsync(context, w => WriteBatch(w, batch));
                return;
        }

        await ProviderErrors.WriteAsync(context, Provider.OpenAi, StatusCodes.Status404NotFound, $"No such object: {method} {path}");
    }

    private async Task UploadAsync(MockCall call)
    {
        var context = call.Context;
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            await ProviderErrors.WriteAsync(context, Provider.OpenAi, StatusCodes.Status400BadRequest, "The upload must be multipart/form-data.");
            return;
        }

        string? purpose = null;
        string? filename = null;
        byte[]? content = null;
        var reader = new MultipartReader(boundary, new MemoryStream(call.Body));
        while (await reader.ReadNextSectionAsync(context.RequestAborted) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                continue;
            }

            using var copy = new MemoryStream();
            await section.Body.CopyToAsync(copy, context.RequestAborted);
            switch (HeaderUtilities.RemoveQuotes(disposition.Name).Value)
            {
                case "purpose":
                    purpose = Encoding.UTF8.GetString(copy.ToArray());
                    break;
                case "file":
                    filename = HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? "upload.jsonl";
                    content = copy.ToArray();
                    break;
            }
        }

        if (purpose is null || content is null)
        {
            await ProviderErrors.WriteAsync(context, Provider.OpenAi, StatusCodes.Status400BadRequest, "The upload needs a 'purpose' field and a 'file' part.");
            return;
        }

        var file = _files.Add(filename!, purpose, content, _options.Time.GetUtcNow().ToUnixTimeSeconds());
        await WriteAsync(context, w => WriteFile(w, file));
    }

    private async Task CreateAsync(MockCall call, IReadOnlyDictionary<string, string> headers)
    {
        var context = call.Context;
        string? inputFileId;
        string? endpoint;
        Dictionary<string, string>? metadata = null;
        try
        {
            using var document = JsonDocument.Parse(call.Body);
            var root = document.RootElement;
            inputFileId = root.TryGetProperty("input_file_id", out var f) ? f.GetString() : null;
            endpoint = root.TryGetProperty("endpoint", out var e) ? e.GetString() : null;
            if (root.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object)
            {
                metadata = m.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);
            }

            if (!root.TryGetProperty("completion_window", out var window) || window.GetString() != "24h")
            {
                await ProviderErrors.WriteAsync(context, Provider.OpenAi, StatusCodes.Status400BadRequest, "completion_window must be '24h'.");
                return;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            await ProviderErrors.WriteAsync(context, Provider.OpenAi, StatusCodes.Status400BadRequest, $"We could not parse the JSON body of your request. ({ex.Message})");
            return;
        }

        if (endpoint is not ("/v1/chat/completions" or "/v1/embeddings"))
        {
            await ProviderErrors.WriteAsync(context, Provider.OpenAi, StatusCodes.Status400BadRequest, $"Unsupported endpoint '{endpoint}'.");
            return;
        }

        if (inputFileId is null || _files.Find(inputFileId) is not { } file || file.Purpose != "batch")
        {
            await ProviderErrors.WriteAsync(context, Provider.OpenAi, StatusCodes.Status400BadRequest, $"No batch input file '{inputFileId}'.");
            return;
        }

        var lines = ParseLines(file.Content, endpoint, out var error);
        if (lines is null)
        {
            await ProviderErrors.WriteAsync(context, Provider.OpenAi, StatusCodes.Status400BadRequest, error!);
            return;
        }

        var (expire, pollFailures, refuse) = BatchDirectives.Scan(lines.Select(l => l.Text));
        if (refuse is { } status)
        {
            await ProviderErrors.WriteAsync(context, Provider.OpenAi, status, $"mock {status}: batch creation refused ([[batch:refuse]])");
            return;
        }

        var batch = new MockBatch($"batch_mock{Interlocked.Increment(ref _next):D6}", endpoint, lines, _options.Time.GetUtcNow(), expire, pollFailures, headers)
        {
            Metadata = metadata,
            InputFileId = inputFileId,
        };
        _batches[batch.Id] = batch;
        await WriteAsync(context, w => WriteBatch(w, batch));
    }

    private static List<MockBatchLine>? ParseLines(byte[] content, string endpoint, out string? error)
    {
        error = null;
        var lines = new List<MockBatchLine>();
        var number = 0;
        foreach (var raw in Encoding.UTF8.GetString(content).Split('\n'))
        {
            number++;
            var text = raw.TrimEnd('\r');
            if (text.Length == 0)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(text);
                var root = document.RootElement;
                var url = root.GetProperty("url").GetString();
                if (url != endpoint)
                {
                    error = $"line {number}: url '{url}' does not match the batch endpoint '{endpoint}'";
                    return null;
                }

                lines.Add(new MockBatchLine(root.GetProperty("custom_id").GetString()!, Encoding.UTF8.GetBytes(root.GetProperty("body").GetRawText()), text));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                error = $"line {number}: not a batch request line ({ex.Message})";
                return null;
            }
        }

        return lines;
    }

    private Task AdvanceAsync(MockBatch batch)
        => batch.AdvanceAsync(
            _options.Time.GetUtcNow(),
            TimeSpan.FromMilliseconds(_options.BatchDelayMs),
            line => BatchLineRunner.RunAsync(batch.Endpoint == "/v1/embeddings" ? _embeddings : _chat, Provider.OpenAi, line.Body, batch.Headers, CancellationToken.None),
            WriteResultFiles);

    /// <summary>Answered 200 lines go to the output file, everything else (error statuses, expired, cancelled) to the error file.</summary>
    private Task WriteResultFiles(MockBatch batch)
    {
        using var output = new MemoryStream();
        using var errors = new MemoryStream();
        var n = 0;
        foreach (var result in batch.Results)
        {
            var target = result.Fate == BatchLineFate.Answered && result.Status == StatusCodes.Status200OK ? output : errors;
            using (var w = new Utf8JsonWriter(target, JsonBody.WriterOptions))
            {
                w.WriteStartObject();
                w.WriteString("id", $"batch_req_{batch.Id}_{++n}");
                w.WriteString("custom_id", result.CustomId);
                if (result.Fate == BatchLineFate.Answered)
                {
                    w.WriteStartObject("response");
                    w.WriteNumber("status_code", result.Status);
                    w.WriteString("request_id", $"req_mock_{n}");
                    w.WritePropertyName("body");
                    w.WriteRawValue(result.Body, skipInputValidation: true);
                    w.WriteEndObject();
                    w.WriteNull("error");
                }
                else
                {
                    w.WriteNull("response");
                    w.WriteStartObject("error");
                    var expired = result.Fate == BatchLineFate.Expired;
                    w.WriteString("code", expired ? "batch_expired" : "batch_cancelled");
                    w.WriteString("message", expired
                        ? "This request could not be executed before the completion window expired."
                        : "This request was not executed because the batch was cancelled.");
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            target.WriteByte((byte)'\n');
        }

        var now = _options.Time.GetUtcNow().ToUnixTimeSeconds();
        if (output.Length > 0)
        {
            batch.OutputFileId = _files.Add($"{batch.Id}_output.jsonl", "batch_output", output.ToArray(), now).Id;
        }

        if (errors.Length > 0)
        {
            batch.ErrorFileId = _files.Add($"{batch.Id}_error.jsonl", "batch_output", errors.ToArray(), now).Id;
        }

        return Task.CompletedTask;
    }

    private static void WriteFile(Utf8JsonWriter w, MockFile file)
    {
        w.WriteStartObject();
        w.WriteString("id", file.Id);
        w.WriteString("object", "file");
        w.WriteNumber("bytes", file.Content.Length);
        w.WriteNumber("created_at", file.CreatedAt);
        w.WriteString("filename", file.Filename);
        w.WriteString("purpose", file.Purpose);
        w.WriteString("status", "processed");
        w.WriteEndObject();
    }

    private static void WriteBatch(Utf8JsonWriter w, MockBatch batch)
    {
        w.WriteStartObject();
        w.WriteString("id", batch.Id);
        w.WriteString("object", "batch");
        w.WriteString("endpoint", batch.Endpoint);
        w.WriteNull("errors");
        w.WriteString("input_file_id", batch.InputFileId);
        w.WriteString("completion_window", "24h");
        w.WriteString("status", batch.Phase switch
        {
            MockBatchPhase.Validating => "validating",
            MockBatchPhase.InProgress => "in_progress",
            MockBatchPhase.Cancelling => "cancelling",
            MockBatchPhase.Completed => "completed",
            MockBatchPhase.Expired => "expired",
            _ => "cancelled",
        });
        WriteIdOrNull(w, "output_file_id", batch.OutputFileId);
        WriteIdOrNull(w, "error_file_id", batch.ErrorFileId);
        w.WriteNumber("created_at", batch.CreatedAt.ToUnixTimeSeconds());
        WriteTime(w, "in_progress_at", batch.InProgressAt);
        w.WriteNumber("expires_at", batch.CreatedAt.AddHours(24).ToUnixTimeSeconds());
        WriteTime(w, "completed_at", batch.Phase == MockBatchPhase.Completed ? batch.EndedAt : null);
        WriteTime(w, "expired_at", batch.Phase == MockBatchPhase.Expired ? batch.EndedAt : null);
        WriteTime(w, "cancelling_at", batch.CancellingAt);
        WriteTime(w, "cancelled_at", batch.Phase == MockBatchPhase.Cancelled ? batch.EndedAt : null);
        w.WriteStartObject("request_counts");
        var completed = batch.Count(BatchLineFate.Answered, succeeded: true);
        w.WriteNumber("total", batch.Lines.Count);
        w.WriteNumber("completed", completed);
        w.WriteNumber("failed", batch.Results.Count - completed);
        w.WriteEndObject();
        if (batch.Metadata is { } metadata)
        {
            w.WriteStartObject("metadata");
            foreach (var (key, value) in metadata)
            {
                w.WriteString(key, value);
            }

            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("metadata");
        }

        w.WriteEndObject();
    }

    private static void WriteIdOrNull(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            w.WriteNumber(name, time.ToUnixTimeSeconds());
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static async Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        using var body = new JsonBody();
        write(body.Writer);
        await body.SendAsync(context);
    }

    private static Task WriteListAsync<T>(HttpContext context, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write)
        => WriteAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteString("object", "list");
            w.WriteStartArray("data");
            foreach (var item in items)
            {
                write(w, item);
            }

            w.WriteEndArray();
            w.WriteBoolean("has_more", false);
            w.WriteEndObject();
        });
}
