using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Frugal.Core.Batching;
using Frugal.Core.Configuration;
using Frugal.Core.Security;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;
using Frugal.Providers.Batches;
using Frugal.Providers.Http;
using Frugal.Providers.OpenAICompatible.Batch;

namespace Frugal.Providers.OpenAICompatible;

/// <summary>
/// OpenAI's Files + Batches APIs for one configured <c>openai</c>-kind provider (not Azure). Create uploads the
/// lines as a JSONL file (<c>purpose=batch</c>) and creates the batch over it; results stream the output and
/// error files line by line. Same credentials, configured headers, masking and capped error reads as
/// <see cref="OpenAICompatibleClient"/>.
/// </summary>
public sealed class OpenAIBatchClient : IProviderBatchClient
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    private readonly ProviderConfig _provider;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly string? _apiKey;
    private readonly string _baseUrl;
    private readonly CredentialMasker _masker;

    public OpenAIBatchClient(ProviderConfig provider, HttpClient http, TimeProvider time)
    {
        _provider = provider;
        _http = http;
        _time = time;
        _apiKey = provider.ResolveApiKey(); // the same key as the synchronous client: apiKey (value, env:, file:) or apiKeyEnv
        _baseUrl = provider.BaseUrl.AbsoluteUri.TrimEnd('/');
        _masker = ProviderSecrets.Masker(provider, _apiKey);
    }

    public string ProviderName => _provider.Name;

    public async ValueTask<ProviderBatchCallResult> CreateAsync(ProviderBatchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Lines.Count == 0)
        {
            return ProviderBatchCallResult.Refused(400, "A batch needs at least one line.");
        }

        var endpoint = request.Endpoint.StartsWith('/') ? request.Endpoint : "/" + request.Endpoint;
        using var input = new BatchInputContent(request.Lines, endpoint, request.UpstreamModel);
        var invalid = input.FirstInvalidLine();
        if (invalid >= 0)
        {
            return ProviderBatchCallResult.Refused(400, $"line {invalid + 1} (custom_id \"{request.Lines[invalid].CustomId}\"): the body is not a JSON object");
        }

        using var form = new MultipartFormDataContent
        {
            { new StringContent("batch"), "purpose" },
            { input, "file", "frugal-batch.jsonl" },
        };
        string fileId;
        using (var upload = await SendAsync(HttpMethod.Post, "files", form, cancellationToken).ConfigureAwait(false))
        {
            if (!upload.IsSuccessStatusCode)
            {
                return await RefusedAsync(upload, cancellationToken).ConfigureAwait(false);
            }

            var file = await ReadAsync(upload, OpenAIBatchJson.Context.OpenAIFileObject, cancellationToken).ConfigureAwait(false);
            if (file?.Id is not { Length: > 0 } id)
            {
                return ProviderBatchCallResult.Refused(502, $"Provider '{ProviderName}' answered the file upload without a file id.");
            }

            fileId = id;
        }

        var create = new OpenAIBatchCreateRequest
        {
            InputFileId = fileId,
            Endpoint = endpoint,
            Metadata = request.Metadata.Count == 0 ? null : request.Metadata,
        };
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(create, OpenAIBatchJson.Context.OpenAIBatchCreateRequest));
        content.Headers.ContentType = JsonContentType;
        var result = await BatchCallAsync(HttpMethod.Post, "batches", content, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            await DeleteFileQuietlyAsync(fileId, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    public ValueTask<ProviderBatchCallResult> GetAsync(string providerBatchId, CancellationToken cancellationToken)
        => BatchCallAsync(HttpMethod.Get, "batches/" + Uri.EscapeDataString(providerBatchId), null, cancellationToken);

    public ValueTask<ProviderBatchCallResult> CancelAsync(string providerBatchId, CancellationToken cancellationToken)
        => BatchCallAsync(HttpMethod.Post, "batches/" + Uri.EscapeDataString(providerBatchId) + "/cancel", null, cancellationToken);

    public async IAsyncEnumerable<ProviderBatchResult> ReadResultsAsync(ProviderBatchState state, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fileId in new[] { state.OutputLocator, state.ErrorLocator })
        {
            if (string.IsNullOrEmpty(fileId))
            {
                continue;
            }

            using var response = await SendAsync(HttpMethod.Get, "files/" + Uri.EscapeDataString(fileId) + "/content", null, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var refused = await RefusedAsync(response, cancellationToken).ConfigureAwait(false);
                throw new HttpRequestException($"Provider '{ProviderName}' refused the download of result file {fileId}: {refused.ErrorMessage}", null, response.StatusCode);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await foreach (var line in JsonlLineReader.ReadAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                if (ParseLine(line) is { } result && seen.Add(result.CustomId))
                {
                    yield return result;
                }
            }
        }
    }

    /// <summary>
    /// One result line: <c>{"custom_id","response":{"status_code","body"},"error":{"code","message"}}</c>. A 200 body
    /// passes through byte for byte with its usage; an error status is read by <see cref="OpenAIErrors"/> (masked,
    /// status mapped as for the synchronous call); a line that never ran (<c>batch_expired</c>, <c>batch_cancelled</c>)
    /// is a retryable 408/409. A line that is not JSON or has no custom_id cannot be matched to a request and is skipped.
    /// </summary>
    private ProviderBatchResult? ParseLine(ReadOnlyMemory<byte> line)
    {
        try
        {
            using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = ProtocolJson.MaxWriteDepth });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("custom_id", out var idElement)
                || idElement.ValueKind != JsonValueKind.String
                || idElement.GetString() is not { Length: > 0 } customId)
            {
                return null;
            }

            if (root.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.Object
                && response.TryGetProperty("status_code", out var statusElement) && statusElement.TryGetInt32(out var status))
            {
                var body = response.TryGetProperty("body", out var b) && b.ValueKind != JsonValueKind.Null
                    ? JsonMarshal.GetRawUtf8Value(b).ToArray()
                    : [];
                if (status is >= 200 and < 300)
                {
                    return new ProviderBatchResult(customId, status, body, OpenAIShape.UsageOf(body), Retryable: false);
                }

                return ErrorResult(customId, status, body);
            }

            var code = root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            return code switch
            {
                BatchErrorBodies.ExpiredCode => new ProviderBatchResult(customId, BatchErrorBodies.ExpiredStatus, BatchErrorBodies.Expired(ProviderName), null, Retryable: true),
                BatchErrorBodies.CancelledCode => new ProviderBatchResult(customId, BatchErrorBodies.CancelledStatus, BatchErrorBodies.Cancelled(ProviderName), null, Retryable: true),

                // Another line-level error without a response (request_timeout, …): the provider's failure, worth another try.
                _ => ErrorResult(customId, 500, JsonMarshal.GetRawUtf8Value(root).ToArray()),
            };
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private ProviderBatchResult ErrorResult(string customId, int status, byte[] body)
    {
        var error = OpenAIErrors.FromResponse(ProviderName, (System.Net.HttpStatusCode)status, body, null, _masker);
        return new ProviderBatchResult(customId, error.StatusCode, BatchErrorBodies.From(error), OpenAIShape.UsageOf(body), error.Retryable);
    }

    private async ValueTask<ProviderBatchCallResult> BatchCallAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return await RefusedAsync(response, cancellationToken).ConfigureAwait(false);
        }

        var batch = await ReadAsync(response, OpenAIBatchJson.Context.OpenAIBatchObject, cancellationToken).ConfigureAwait(false);
        if (batch?.Id is not { Length: > 0 } id || ParseStatus(batch.Status) is not { } status)
        {
            return ProviderBatchCallResult.Refused(502, $"Provider '{ProviderName}' answered with something that is not a batch object.");
        }

        var counts = batch.RequestCounts;
        return ProviderBatchCallResult.Ok(new ProviderBatchState(
            id,
            status,
            counts?.Total ?? 0,
            counts?.Completed ?? 0,
            counts?.Failed ?? 0,
            batch.OutputFileId,
            batch.ErrorFileId,
            batch.ExpiresAt is { } expires ? DateTimeOffset.FromUnixTimeSeconds(expires) : null));
    }

    /// <summary>OpenAI's batch statuses; an unknown one is not guessed at (the poll is then a 502 and repeated later).</summary>
    public static ProviderBatchStatus? ParseStatus(string? status) => status switch
    {
        "validating" => ProviderBatchStatus.Validating,
        "in_progress" => ProviderBatchStatus.InProgress,
        "finalizing" => ProviderBatchStatus.Finalizing,
        "completed" => ProviderBatchStatus.Completed,
        "failed" => ProviderBatchStatus.Failed,
        "expired" => ProviderBatchStatus.Expired,
        "cancelling" => ProviderBatchStatus.Cancelling,
        "cancelled" => ProviderBatchStatus.Cancelled,
        _ => null,
    };

    private async Task DeleteFileQuietlyAsync(string fileId, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Delete, "files/" + Uri.EscapeDataString(fileId), null, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            // Best effort: an orphaned input file costs storage, not money, and the refusal is what matters.
        }
    }

    private async Task<ProviderBatchCallResult> RefusedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await HttpBodies.ReadPrefixAsync(response.Content, HttpBodies.MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
        var error = OpenAIErrors.FromResponse(ProviderName, response.StatusCode, body, RetryAfter.Seconds(response.Headers, _time), _masker);
        return ProviderBatchCallResult.Refused((int)response.StatusCode, error.Message);
    }

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        var body = await HttpBodies.ReadWholeAsync(response.Content, HttpBodies.MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(method, $"{_baseUrl}/{path}") { Content = content };
        OpenAIHeaders.Apply(message, _provider, _apiKey);
        return await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }
}
