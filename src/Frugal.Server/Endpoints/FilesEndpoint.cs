using System.Globalization;
using Frugal.Core.Batching;
using Frugal.Core.Configuration;
using Frugal.Core.Pipeline;
using Frugal.Server.Batching;
using Frugal.Server.Http;
using Frugal.Storage.Sqlite.Batching;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Frugal.Server.Endpoints;

/// <summary>
/// OpenAI's Files API for batches: <c>POST /v1/files</c> (multipart, <c>purpose=batch</c>; the file part is streamed
/// to disk through <see cref="BatchFileValidator"/>, so a bad file is refused naming every bad line and nothing of it
/// is kept), <c>GET /v1/files/{id}</c>, <c>GET /v1/files/{id}/content</c>, <c>DELETE /v1/files/{id}</c>.
/// </summary>
public sealed class FilesEndpoint(BatchApiAccess access, SqliteBatchStore store, BatchFiles files, GatewayConfig config, TimeProvider time)
{
    private const int MaxFilenameLength = 256;

    public async Task UploadAsync(HttpContext context)
    {
        if (await access.AuthenticateAsync(context) is not { } tenant)
        {
            return;
        }

        var boundary = MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            ? HeaderUtilities.RemoveQuotes(type.Boundary).Value
            : null;
        if (string.IsNullOrEmpty(boundary))
        {
            await ErrorResponses.WriteAsync(context, GatewayError.InvalidRequest("Upload the file as multipart/form-data with a 'file' part and purpose=batch.", "file"));
            return;
        }

        var limits = config.Section<BatchesConfig>();
        var reader = new MultipartReader(boundary, context.Request.Body);
        string? purpose = null;
        string? filename = null;
        string? fileId = null;
        BatchFileSummary? summary = null;
        try
        {
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(context.RequestAborted)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (name == "purpose")
                {
                    using var text = new StreamReader(section.Body);
                    purpose = (await text.ReadToEndAsync(context.RequestAborted)).Trim();
                }
                else if (name == "file" && fileId is null)
                {
                    filename = CleanFilename(HeaderUtilities.RemoveQuotes(disposition.FileName.HasValue ? disposition.FileName : disposition.FileNameStar).Value);
                    fileId = BatchIds.NewFile();
                    await using var target = files.Create(fileId);
                    summary = await BatchFileValidator.CopyAndValidateAsync(section.Body, target, limits, context.RequestAborted);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or BadHttpRequestException)
        {
            Discard(fileId);
            await ErrorResponses.WriteAsync(context, GatewayError.InvalidRequest("The multipart body could not be read: " + ex.Message, "file"));
            return;
        }

        var refusal = purpose != "batch"
            ? GatewayError.InvalidRequest(purpose is null
                ? "Missing purpose: this gateway accepts files with purpose=batch only."
                : $"purpose {BatchFileProblems.Quote(purpose)} is not supported: this gateway accepts files with purpose=batch only.", "purpose")
            : summary is null ? GatewayError.InvalidRequest("Missing the 'file' part.", "file")
            : summary.Problems.Any ? GatewayError.InvalidRequest(summary.Problems.Message("The file has bad lines, nothing was stored"), "file", "invalid_batch_file")
            : null;
        if (refusal is not null)
        {
            Discard(fileId);
            await ErrorResponses.WriteAsync(context, refusal);
            return;
        }

        var record = new BatchFileRecord(fileId!, tenant.KeyId, "batch", filename ?? "batch.jsonl", summary!.Bytes, time.GetUtcNow(), summary.Lines, summary.Endpoint, summary.Model);
        store.AddFile(record);
        await BatchApiAccess.WriteJsonAsync(context, BatchWire.File(record));
    }

    public async Task GetAsync(HttpContext context, string id)
    {
        if (await OwnedAsync(context, id) is { } file)
        {
            await BatchApiAccess.WriteJsonAsync(context, BatchWire.File(file));
        }
    }

    public async Task ContentAsync(HttpContext context, string id)
    {
        if (await OwnedAsync(context, id) is not { } file)
        {
            return;
        }

        FileStream content;
        try
        {
            content = new FileStream(files.PathOf(file.Id), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, useAsync: true);
        }
        catch (FileNotFoundException)
        {
            await ErrorResponses.WriteAsync(context, BatchApiAccess.NotFound("file", id));
            return;
        }

        await using (content)
        {
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = content.Length;
            await content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }

    public async Task DeleteAsync(HttpContext context, string id)
    {
        if (await OwnedAsync(context, id) is not { } file)
        {
            return;
        }

        store.DeleteFile(file.Id);
        files.Delete(file.Id);
        await BatchApiAccess.WriteJsonAsync(context, BatchWire.Deleted(file.Id));
    }

    private async ValueTask<BatchFileRecord?> OwnedAsync(HttpContext context, string id)
    {
        if (await access.AuthenticateAsync(context) is not { } tenant)
        {
            return null;
        }

        if (store.FindFile(id) is { } file && file.KeyId == tenant.KeyId)
        {
            return file;
        }

        await ErrorResponses.WriteAsync(context, BatchApiAccess.NotFound("file", id));
        return null;
    }

    private void Discard(string? fileId)
    {
        if (fileId is not null)
        {
            files.Delete(fileId);
        }
    }

    /// <summary>The client's file name without any directory part, control characters or excess length (shown back, never used as a path).</summary>
    private static string? CleanFilename(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var leaf = name.Replace('\\', '/');
        leaf = leaf[(leaf.LastIndexOf('/') + 1)..];
        var clean = string.Concat(leaf.Where(c => !char.IsControl(c)));
        return clean.Length > MaxFilenameLength ? clean[..MaxFilenameLength] : clean.Length == 0 ? null : clean.ToString(CultureInfo.InvariantCulture);
    }
}
