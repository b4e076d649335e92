using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Frugal.MockUpstream.Batches;

/// <summary>
/// Anthropic's Message Batches, in memory: <c>POST /v1/messages/batches</c>, <c>GET /v1/messages/batches/{id}</c>,
/// <c>POST …/{id}/cancel</c>, <c>GET …/{id}/results</c> (JSONL). Each request's <c>params</c> is answered by the
/// synchronous Messages handler; the clock and fault directives are <see cref="MockBatch"/>'s.
/// </summary>
internal sealed class AnthropicBatchHandler
{
    public const string Prefix = "/v1/messages/batches";

    private readonly MockUpstreamOptions _options;
    private readonly Func<MockCall, Task> _messages;
    private readonly ConcurrentDictionary<string, MockBatch> _batches = new(StringComparer.Ordinal);
    private long _next;

    public AnthropicBatchHandler(MockUpstreamOptions options, Func<MockCall, Task> messages)
    {
        _options = options;
        _messages = messages;
    }

    public static bool Handles(string path) => path.StartsWith(Prefix, StringComparison.Ordinal);

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
        var rest = path[Prefix.Length..].Trim('/');
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var id = rest.Length == 0 ? null : slash < 0 ? rest : rest[..slash];
        var action = slash < 0 ? null : rest[(slash + 1)..];
        if (id is null && HttpMethods.IsPost(method))
        {
            await CreateAsync(call, headers);
            return;
        }

        if (id is not null && _batches.TryGetValue(id, out var batch))
        {
            switch (action, method)
            {
                case (null, "GET"):
                    if (batch.TakePollFailure())
                    {
                        await ProviderErrors.WriteAsync(context, Provider.Anthropic, StatusCodes.Status503ServiceUnavailable, "mock 503: the batch service is unavailable ([[batch:poll-fail]])");
                        return;
                    }

                    await AdvanceAsync(batch);
                    await WriteBatchAsync(context, batch);
                    return;
                case ("cancel", "POST"):
                    await batch.CancelAsync(_options.Time.GetUtcNow());
                    await WriteBatchAsync(context, batch);
                    return;
                case ("results", "GET") when batch.HasEnded:
                    await WriteResultsAsync(context, batch);
                    return;
                case ("results", "GET"):
                    await ProviderErrors.WriteAsync(context, Provider.Anthropic, StatusCodes.Status400BadRequest, $"Message Batch {id} has not ended; its results are not available yet.");
                    return;
            }
        }

        await ProviderErrors.WriteAsync(context, Provider.Anthropic, StatusCodes.Status404NotFound, $"mock 404: no message batch route {method} {path}");
    }

    private async Task CreateAsync(MockCall call, IReadOnlyDictionary<string, string> headers)
    {
        var context = call.Context;
        var lines = new List<MockBatchLine>();
        try
        {
            using var document = JsonDocument.Parse(call.Body);
            foreach (var request in document.RootElement.GetProperty("requests").EnumerateArray())
            {
                var parameters = request.GetProperty("params").GetRawText();
                lines.Add(new MockBatchLine(request.GetProperty("custom_id").GetString()!, Encoding.UTF8.GetBytes(parameters), parameters));
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            await ProviderErrors.WriteAsync(context, Provider.Anthropic, StatusCodes.Status400BadRequest, $"requests: not a list of {{custom_id, params}} ({ex.Message})");
            return;
        }

        if (lines.Count == 0)
        {
            await ProviderErrors.WriteAsync(context, Provider.Anthropic, StatusCodes.Status400BadRequest, "requests: at least one request is required");
            return;
        }

        var (expire, pollFailures, refuse) = BatchDirectives.Scan(lines.Select(l => l.Text));
        if (refuse is { } status)
        {
            await ProviderErrors.WriteAsync(context, Provider.Anthropic, status, $"mock {status}: batch creation refused ([[batch:refuse]])");
            return;
        }

        var batch = new MockBatch($"msgbatch_mock{Interlocked.Increment(ref _next):D6}", "/v1/messages", lines, _options.Time.GetUtcNow(), expire, pollFailures, headers);
        _batches[batch.Id] = batch;
        await WriteBatchAsync(context, batch);
    }

    private Task AdvanceAsync(MockBatch batch)
        => batch.AdvanceAsync(
            _options.Time.GetUtcNow(),
            TimeSpan.FromMilliseconds(_options.BatchDelayMs),
            line => BatchLineRunner.RunAsync(_messages, Provider.Anthropic, line.Body, batch.Headers, CancellationToken.None),
            static _ => Task.CompletedTask);

    private static async Task WriteBatchAsync(HttpContext context, MockBatch batch)
    {
        using var body = new JsonBody();
        var w = body.Writer;
        var ended = batch.HasEnded;
        w.WriteStartObject();
        w.WriteString("id", batch.Id);
        w.WriteString("type", "message_batch");
        w.WriteString("processing_status", ended ? "ended" : batch.Phase == MockBatchPhase.Cancelling ? "canceling" : "in_progress");
        w.WriteStartObject("request_counts");
        w.WriteNumber("processing", ended ? 0 : batch.Lines.Count);
        w.WriteNumber("succeeded", batch.Count(BatchLineFate.Answered, succeeded: true));
        w.WriteNumber("errored", batch.Count(BatchLineFate.Answered, succeeded: false));
        w.WriteNumber("canceled", batch.Count(BatchLineFate.Cancelled, succeeded: false));
        w.WriteNumber("expired", batch.Count(BatchLineFate.Expired, succeeded: false));
        w.WriteEndObject();
        WriteTime(w, "ended_at", batch.EndedAt);
        WriteTime(w, "created_at", batch.CreatedAt);
        WriteTime(w, "expires_at", batch.CreatedAt.AddHours(24));
        w.WriteNull("archived_at");
        WriteTime(w, "cancel_initiated_at", batch.CancellingAt);
        if (ended)
        {
            var request = context.Request;
            w.WriteString("results_url", $"{request.Scheme}://{request.Host}{Prefix}/{batch.Id}/results");
        }
        else
        {
            w.WriteNull("results_url");
        }

        w.WriteEndObject();
        await body.SendAsync(context);
    }

    private static async Task WriteResultsAsync(HttpContext context, MockBatch batch)
    {
        using var output = new MemoryStream();
        foreach (var result in batch.Results)
        {
            using (var w = new Utf8JsonWriter(output, JsonBody.WriterOptions))
            {
                w.WriteStartObject();
                w.WriteString("custom_id", result.CustomId);
                w.WriteStartObject("result");
                switch (result.Fate)
                {
                    case BatchLineFate.Answered when result.Status == StatusCodes.Status200OK:
                        w.WriteString("type", "succeeded");
                        w.WritePropertyName("message");
                        w.WriteRawValue(result.Body, skipInputValidation: true);
                        break;
                    case BatchLineFate.Answered:
                        w.WriteString("type", "errored");
                        w.WritePropertyName("error");
                        w.WriteRawValue(result.Body, skipInputValidation: true); // {"type":"error","error":{type,message}}
                        break;
                    case BatchLineFate.Expired:
                        w.WriteString("type", "expired");
                        break;
                    default:
                        w.WriteString("type", "canceled");
                        break;
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            output.WriteByte((byte)'\n');
        }

        context.Response.ContentType = "application/binary";
        context.Response.ContentLength = output.Length;
        await context.Response.Body.WriteAsync(output.GetBuffer().AsMemory(0, (int)output.Length), context.RequestAborted);
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            w.WriteString(name, time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
