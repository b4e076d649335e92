using System.Globalization;
using System.Text.Json;
using Frugal.Core.Batching;
using Frugal.Core.Pipeline;
using Frugal.Server.Batching;
using Frugal.Server.Http;
using Frugal.Storage.Sqlite.Batching;
using Microsoft.AspNetCore.Http;

namespace Frugal.Server.Endpoints;

/// <summary>
/// OpenAI's Batches API: <c>POST /v1/batches</c> (input_file_id, endpoint, completion_window 24h, metadata),
/// <c>GET /v1/batches/{id}</c>, <c>POST /v1/batches/{id}/cancel</c>, <c>GET /v1/batches</c> (newest first, after/limit).
/// Jobs created by deferral are not listed (their ids are deferral's business) but can be read by id.
/// </summary>
public sealed class BatchesEndpoint(BatchApiAccess access, SqliteBatchStore store, BatchFiles files, BatchJobs jobs, BatchCoordinatorSignal signal, TimeProvider time)
{
    private const int MaxBodyBytes = 64 * 1024;
    private const int MaxMetadataPairs = 16;

    public async Task CreateAsync(HttpContext context)
    {
        if (await access.AuthenticateAsync(context) is not { } tenant)
        {
            return;
        }

        var (request, problem) = await ReadCreateAsync(context);
        if (problem is not null)
        {
            await ErrorResponses.WriteAsync(context, problem);
            return;
        }

        var (fileId, endpoint, metadata) = request;
        if (store.FindFile(fileId) is not { } file || file.KeyId != tenant.KeyId)
        {
            await ErrorResponses.WriteAsync(context, BatchApiAccess.NotFound("file", fileId));
            return;
        }

        if (file.Purpose != "batch")
        {
            await ErrorResponses.WriteAsync(context, GatewayError.InvalidRequest($"File {fileId} has purpose {file.Purpose}, not batch.", "input_file_id"));
            return;
        }

        if (file.Endpoint != endpoint)
        {
            await ErrorResponses.WriteAsync(context, GatewayError.InvalidRequest(
                $"The batch's endpoint is {endpoint} but the lines of {fileId} have url {file.Endpoint}.", "endpoint", "invalid_batch_file"));
            return;
        }

        var lines = await ReadLinesAsync(files.PathOf(file.Id), context.RequestAborted);
        var submission = await jobs.CreateAsync(new BatchJobRequest(tenant, endpoint, lines, BatchJobs.ApiOrigin, metadata), file.Id, context.RequestAborted);
        if (submission.Error is { } error)
        {
            await ErrorResponses.WriteAsync(context, error);
            return;
        }

        await BatchApiAccess.WriteJsonAsync(context, BatchWire.Batch(store.FindJob(submission.BatchId!)!));
    }

    public async Task GetAsync(HttpContext context, string id)
    {
        if (await OwnedAsync(context, id) is { } job)
        {
            await BatchApiAccess.WriteJsonAsync(context, BatchWire.Batch(job));
        }
    }

    public async Task CancelAsync(HttpContext context, string id)
    {
        if (await OwnedAsync(context, id) is not { } job)
        {
            return;
        }

        if (job.Status is BatchStatus.Validating or BatchStatus.InProgress)
        {
            var cancelling = job with { Status = BatchStatus.Cancelling, CancellingAt = time.GetUtcNow() };
            if (store.UpdateJob(cancelling, job.Status))
            {
                signal.Wake();
            }

            job = store.FindJob(id)!;
        }
        else if (job.Status is not (BatchStatus.Cancelling or BatchStatus.Cancelled))
        {
            await ErrorResponses.WriteAsync(context, new GatewayError(GatewayErrorKind.InvalidRequest, 409,
                $"Batch {id} is {job.Status} and can no longer be cancelled.", "invalid_request_error", "batch_not_cancellable"));
            return;
        }

        await BatchApiAccess.WriteJsonAsync(context, BatchWire.Batch(job));
    }

    public async Task ListAsync(HttpContext context)
    {
        if (await access.AuthenticateAsync(context) is not { } tenant)
        {
            return;
        }

        var limit = 20;
        if (context.Request.Query["limit"] is { Count: > 0 } given
            && (!int.TryParse(given[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100))
        {
            await ErrorResponses.WriteAsync(context, GatewayError.InvalidRequest("limit must be a whole number from 1 to 100.", "limit"));
            return;
        }

        var after = context.Request.Query["after"] is { Count: > 0 } cursor ? cursor[0] : null;
        var page = store.ListJobs(tenant.KeyId, BatchJobs.ApiOrigin, after, limit + 1);
        var hasMore = page.Count > limit;
        await BatchApiAccess.WriteJsonAsync(context, BatchWire.BatchList(hasMore ? [.. page.Take(limit)] : page, hasMore));
    }

    private async ValueTask<BatchJobRecord?> OwnedAsync(HttpContext context, string id)
    {
        if (await access.AuthenticateAsync(context) is not { } tenant)
        {
            return null;
        }

        if (store.FindJob(id) is { } job && job.KeyId == tenant.KeyId)
        {
            return job;
        }

        await ErrorResponses.WriteAsync(context, BatchApiAccess.NotFound("batch", id));
        return null;
    }

    private static async ValueTask<((string FileId, string Endpoint, IReadOnlyDictionary<string, string> Metadata) Request, GatewayError? Problem)> ReadCreateAsync(HttpContext context)
    {
        JsonDocument document;
        try
        {
            using var body = new MemoryStream();
            var buffer = new byte[8192];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                if (body.Length + read > MaxBodyBytes)
                {
                    return (default, GatewayError.PayloadTooLarge(MaxBodyBytes));
                }

                body.Write(buffer, 0, read);
            }

            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            return (default, GatewayError.InvalidRequest("The body must be a JSON object with input_file_id, endpoint and completion_window."));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (default, GatewayError.InvalidRequest("The body must be a JSON object with input_file_id, endpoint and completion_window."));
            }

            if (!TryString(root, "input_file_id", out var fileId))
            {
                return (default, GatewayError.InvalidRequest("input_file_id is required (the id of a file uploaded with purpose=batch).", "input_file_id"));
            }

            if (!TryString(root, "endpoint", out var endpoint) || !BatchEndpoints.IsSupported(endpoint))
            {
                return (default, GatewayError.InvalidRequest($"endpoint must be {BatchEndpoints.ChatCompletions} or {BatchEndpoints.Embeddings}.", "endpoint"));
            }

            if (!TryString(root, "completion_window", out var window) || window != "24h")
            {
                return (default, GatewayError.InvalidRequest("completion_window must be \"24h\".", "completion_window"));
            }

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("metadata", out var given) && given.ValueKind != JsonValueKind.Null)
            {
                if (given.ValueKind != JsonValueKind.Object)
                {
                    return (default, GatewayError.InvalidRequest("metadata must be an object of strings.", "metadata"));
                }

                foreach (var pair in given.EnumerateObject())
                {
                    if (pair.Value.ValueKind != JsonValueKind.String || pair.Name.Length > 64 || pair.Value.GetString()!.Length > 512 || metadata.Count == MaxMetadataPairs)
                    {
                        return (default, GatewayError.InvalidRequest("metadata holds at most 16 string values (keys up to 64 characters, values up to 512).", "metadata"));
                    }

                    metadata[pair.Name] = pair.Value.GetString()!;
                }
            }

            return ((fileId, endpoint, metadata), null);
        }
    }

    private static bool TryString(JsonElement root, string name, out string value)
    {
        value = root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String ? element.GetString()! : "";
        return value.Length > 0;
    }

    /// <summary>The file's request lines (validated at upload) as custom_id + body bytes.</summary>
    private static async Task<IReadOnlyList<ProviderBatchLine>> ReadLinesAsync(string path, CancellationToken cancellationToken)
    {
        var lines = new List<ProviderBatchLine>();
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, useAsync: true);
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        string? text;
        while ((text = await reader.ReadLineAsync(cancellationToken)) is not null)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
            var fields = BatchLineFields.Read(bytes);
            lines.Add(new ProviderBatchLine(fields.CustomId ?? "", bytes.AsMemory(fields.BodyStart, fields.BodyLength)));
        }

        return lines;
    }
}
