using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Frugal.Core.Batching;
using Frugal.Core.Configuration;
using Frugal.Core.Security;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;
using Frugal.Providers.Anthropic.Batch;
using Frugal.Providers.Anthropic.Wire;
using Frugal.Providers.Batches;
using Frugal.Providers.Http;

namespace Frugal.Providers.Anthropic;

/// <summary>
/// Anthropic's Message Batches for one configured provider. Each OpenAI line is translated with
/// <see cref="AnthropicRequestConverter"/> (a line that cannot be is not sent and comes back as a 400 result,
/// carried in <see cref="ProviderBatchState.ErrorLocator"/> so it survives a restart), results are translated
/// back with <see cref="AnthropicResponseConverter"/>. Status: <c>in_progress</c> → InProgress, <c>canceling</c> →
/// Cancelling, <c>ended</c> → Cancelled when a cancel was initiated, Expired when every line expired, else Completed.
/// </summary>
public sealed class AnthropicBatchClient : IProviderBatchClient
{
    /// <summary>The prefix of an <see cref="ProviderBatchState.ErrorLocator"/> that lists lines Frugal could not translate.</summary>
    public const string UnconvertedPrefix = "frugal-unconverted:";

    private const string ChatEndpoint = "/v1/chat/completions";

    private readonly ProviderConfig _provider;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly string? _apiKey;
    private readonly CredentialMasker _masker;
    private readonly string _batchesUrl;

    // The untranslated lines of the batches this process created, so GetAsync reports them in its state too.
    private readonly ConcurrentDictionary<string, (string Locator, int Count)> _unconverted = new(StringComparer.Ordinal);

    public AnthropicBatchClient(ProviderConfig provider, HttpClient http, TimeProvider time)
    {
        _provider = provider;
        _http = http;
        _time = time;
        _apiKey = provider.ResolveApiKey(); // the same key as the synchronous client: apiKey (value, env:, file:) or apiKeyEnv
        _masker = ProviderSecrets.Masker(provider, _apiKey);
        var root = provider.BaseUrl.AbsoluteUri.TrimEnd('/');
        _batchesUrl = (root.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? root : root + "/v1") + "/messages/batches";
    }

    public string ProviderName => _provider.Name;

    public async ValueTask<ProviderBatchCallResult> CreateAsync(ProviderBatchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var endpoint = request.Endpoint.StartsWith('/') ? request.Endpoint : "/" + request.Endpoint;
        if (!endpoint.Equals(ChatEndpoint, StringComparison.Ordinal))
        {
            return ProviderBatchCallResult.Refused(400,
                $"Provider '{ProviderName}' (anthropic) has no batch endpoint for {endpoint}: only {ChatEndpoint} lines can run there; route embeddings to an OpenAI-compatible provider.");
        }

        var requests = new List<(string CustomId, byte[] Params)>(request.Lines.Count);
        var unconverted = new List<UnconvertedLine>();
        foreach (var line in request.Lines)
        {
            var encoded = Encode(line, request.UpstreamModel);
            if (encoded.Params is { } parameters)
            {
                requests.Add((line.CustomId, parameters));
            }
            else
            {
                unconverted.Add(encoded.Failure!);
            }
        }

        if (requests.Count == 0)
        {
            var first = unconverted.Count > 0 ? unconverted[0] : null;
            return ProviderBatchCallResult.Refused(400, first is null
                ? "A batch needs at least one line."
                : $"No line of the batch can be sent to provider '{ProviderName}'; line \"{first.CustomId}\": {first.Message}");
        }

        using var content = new MessageBatchContent(requests);
        var result = await BatchCallAsync(HttpMethod.Post, _batchesUrl, content, cancellationToken).ConfigureAwait(false);
        if (result.State is not { } state || unconverted.Count == 0)
        {
            return result;
        }

        var locator = UnconvertedPrefix + JsonSerializer.Serialize(unconverted, AnthropicBatchJson.Context.ListUnconvertedLine);
        _unconverted[state.ProviderBatchId] = (locator, unconverted.Count);
        return ProviderBatchCallResult.Ok(WithUnconverted(state));
    }

    public ValueTask<ProviderBatchCallResult> GetAsync(string providerBatchId, CancellationToken cancellationToken)
        => BatchCallAsync(HttpMethod.Get, $"{_batchesUrl}/{Uri.EscapeDataString(providerBatchId)}", null, cancellationToken);

    public ValueTask<ProviderBatchCallResult> CancelAsync(string providerBatchId, CancellationToken cancellationToken)
        => BatchCallAsync(HttpMethod.Post, $"{_batchesUrl}/{Uri.EscapeDataString(providerBatchId)}/cancel", null, cancellationToken);

    public async IAsyncEnumerable<ProviderBatchResult> ReadResultsAsync(ProviderBatchState state, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var created = _time.GetUtcNow().ToUnixTimeSeconds();
        using (var request = new HttpRequestMessage(HttpMethod.Get, ResultsUrl(state)))
        {
            AnthropicHeaders.Apply(request, _provider, _apiKey);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var refused = await RefusedAsync(response, cancellationToken).ConfigureAwait(false);
                throw new HttpRequestException($"Provider '{ProviderName}' refused the results of batch {state.ProviderBatchId}: {refused.ErrorMessage}", null, response.StatusCode);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await foreach (var line in JsonlLineReader.ReadAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                if (ParseLine(line, created) is { } result && seen.Add(result.CustomId))
                {
                    yield return result;
                }
            }
        }

        foreach (var line in Unconverted(state))
        {
            if (seen.Add(line.CustomId))
            {
                var error = BatchErrorBodies.Body(line.Message, "invalid_request_error", line.Code, line.Param);
                yield return new ProviderBatchResult(line.CustomId, 400, error, null, Retryable: false);
            }
        }
    }

    /// <summary>
    /// One result line: <c>succeeded</c> → the message as a chat.completion (200, its usage); <c>errored</c> → the
    /// error through <see cref="AnthropicErrors"/> (masked, status by error type as for the synchronous call);
    /// <c>expired</c>/<c>canceled</c> → retryable 408 <c>batch_expired</c> / 409 <c>batch_cancelled</c>.
    /// </summary>
    public ProviderBatchResult? ParseLine(ReadOnlyMemory<byte> line, long created)
    {
        try
        {
            using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = ProtocolJson.MaxWriteDepth });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("custom_id", out var idElement) || idElement.ValueKind != JsonValueKind.String
                || idElement.GetString() is not { Length: > 0 } customId
                || !root.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var type = result.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            switch (type)
            {
                case "succeeded":
                    var message = result.TryGetProperty("message", out var m) ? m.Deserialize(AnthropicJson.Context.MessagesResponse) : null;
                    if (message is null || !AnthropicResponseConverter.IsUsable(message))
                    {
                        var usage = message?.Usage is { } billed ? AnthropicResponseConverter.ConvertUsage(billed) : null;
                        return new ProviderBatchResult(customId, 502,
                            BatchErrorBodies.Body($"Provider '{ProviderName}' failed: malformed batch result", "upstream_error", null), usage, Retryable: true);
                    }

                    var completion = AnthropicResponseConverter.Convert(message, created);
                    var body = JsonSerializer.SerializeToUtf8Bytes(completion, ProtocolJson.Context.ChatCompletionResponse);
                    return new ProviderBatchResult(customId, 200, body, completion.Usage, Retryable: false);
                case "errored":
                    return Errored(customId, result.TryGetProperty("error", out var e) ? e : default);
                case "expired":
                    return new ProviderBatchResult(customId, BatchErrorBodies.ExpiredStatus, BatchErrorBodies.Expired(ProviderName), null, Retryable: true);
                case "canceled":
                    return new ProviderBatchResult(customId, BatchErrorBodies.CancelledStatus, BatchErrorBodies.Cancelled(ProviderName), null, Retryable: true);
                default:
                    return new ProviderBatchResult(customId, 502,
                        BatchErrorBodies.Body($"Provider '{ProviderName}' failed: unknown batch result type", "upstream_error", null), null, Retryable: true);
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Anthropic's errored result carries its error envelope (<c>{"type":"error","error":{type,message}}</c>, or the
    /// inner object alone) but no HTTP status: the status is the one Anthropic documents for the error type.
    /// </summary>
    private ProviderBatchResult Errored(string customId, JsonElement error)
    {
        var inner = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("error", out var nested) && nested.ValueKind == JsonValueKind.Object ? nested : error;
        var type = inner.ValueKind == JsonValueKind.Object && inner.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var envelope = inner.ValueKind == JsonValueKind.Object
            ? [.. "{\"type\":\"error\",\"error\":"u8, .. JsonMarshal.GetRawUtf8Value(inner), .. "}"u8]
            : Array.Empty<byte>();
        var gatewayError = AnthropicErrors.FromResponse(ProviderName, (HttpStatusCode)StatusOf(type), envelope, null, _masker);
        return new ProviderBatchResult(customId, gatewayError.StatusCode, BatchErrorBodies.From(gatewayError), null, gatewayError.Retryable);
    }

    /// <summary>The HTTP status Anthropic answers each error type with (its errors page).</summary>
    public static int StatusOf(string? errorType) => errorType switch
    {
        "invalid_request_error" => 400,
        "authentication_error" => 401,
        "billing_error" => 402,
        "permission_error" => 403,
        "not_found_error" => 404,
        "request_too_large" => 413,
        "rate_limit_error" => 429,
        "timeout_error" => 504,
        "overloaded_error" => AnthropicErrors.Overloaded,
        _ => 500,
    };

    /// <summary>
    /// The batch's <c>results_url</c> when it is on the configured base URL's origin; otherwise the documented path
    /// under the base URL, so the API key is never sent to a host the configuration did not name.
    /// </summary>
    private string ResultsUrl(ProviderBatchState state)
    {
        if (Uri.TryCreate(state.OutputLocator, UriKind.Absolute, out var url)
            && Uri.Compare(url, _provider.BaseUrl, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0)
        {
            return url.AbsoluteUri;
        }

        return $"{_batchesUrl}/{Uri.EscapeDataString(state.ProviderBatchId)}/results";
    }

    private (byte[]? Params, UnconvertedLine? Failure) Encode(ProviderBatchLine line, string upstreamModel)
    {
        ChatCompletionRequest? chat;
        try
        {
            chat = JsonSerializer.Deserialize(line.Body.Span, ProtocolJson.Context.ChatCompletionRequest);
        }
        catch (JsonException)
        {
            chat = null;
        }

        if (chat is null)
        {
            return (null, new UnconvertedLine { CustomId = line.CustomId, Message = "The line's body is not a valid chat completion request." });
        }

        var converted = AnthropicRequestConverter.Convert(chat, upstreamModel);
        if (!converted.IsSuccess)
        {
            var error = converted.Error;
            return (null, new UnconvertedLine { CustomId = line.CustomId, Message = error.Message, Param = error.Param, Code = error.Code });
        }

        var parameters = converted.Value;
        parameters.Stream = null;
        var json = UpstreamJson.Encode(ProviderName, parameters, AnthropicJson.Context.MessagesRequest);
        return json.IsSuccess
            ? (json.Value, null)
            : (null, new UnconvertedLine { CustomId = line.CustomId, Message = json.Error.Message });
    }

    private List<UnconvertedLine> Unconverted(ProviderBatchState state)
    {
        var locator = state.ErrorLocator ?? (_unconverted.TryGetValue(state.ProviderBatchId, out var known) ? known.Locator : null);
        if (locator is null || !locator.StartsWith(UnconvertedPrefix, StringComparison.Ordinal))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize(locator.AsSpan(UnconvertedPrefix.Length), AnthropicBatchJson.Context.ListUnconvertedLine) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private ProviderBatchState WithUnconverted(ProviderBatchState state)
        => _unconverted.TryGetValue(state.ProviderBatchId, out var known)
            ? state with { Total = state.Total + known.Count, Failed = state.Failed + known.Count, ErrorLocator = known.Locator }
            : state;

    private async ValueTask<ProviderBatchCallResult> BatchCallAsync(HttpMethod method, string url, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        AnthropicHeaders.Apply(request, _provider, _apiKey);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return await RefusedAsync(response, cancellationToken).ConfigureAwait(false);
        }

        var bytes = await HttpBodies.ReadWholeAsync(response.Content, HttpBodies.MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
        MessageBatch? batch;
        try
        {
            batch = bytes is null ? null : JsonSerializer.Deserialize(bytes, AnthropicBatchJson.Context.MessageBatch);
        }
        catch (JsonException)
        {
            batch = null;
        }

        if (batch?.Id is not { Length: > 0 } id || ParseStatus(batch) is not { } status)
        {
            return ProviderBatchCallResult.Refused(502, $"Provider '{ProviderName}' answered with something that is not a message batch.");
        }

        var counts = batch.RequestCounts ?? new MessageBatchRequestCounts();
        var state = new ProviderBatchState(
            id,
            status,
            counts.Processing + counts.Succeeded + counts.Errored + counts.Canceled + counts.Expired,
            counts.Succeeded,
            counts.Errored + counts.Canceled + counts.Expired,
            batch.ResultsUrl,
            null,
            batch.ExpiresAt);
        return ProviderBatchCallResult.Ok(WithUnconverted(state));
    }

    /// <summary>Anthropic's three processing statuses in OpenAI's terms (see the class comment); an unknown one is not guessed at.</summary>
    public static ProviderBatchStatus? ParseStatus(MessageBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var counts = batch.RequestCounts ?? new MessageBatchRequestCounts();
        return batch.ProcessingStatus switch
        {
            "in_progress" => ProviderBatchStatus.InProgress,
            "canceling" => ProviderBatchStatus.Cancelling,
            "ended" when batch.CancelInitiatedAt is not null => ProviderBatchStatus.Cancelled,
            "ended" when counts.Succeeded + counts.Errored + counts.Canceled == 0 && counts.Expired > 0 => ProviderBatchStatus.Expired,
            "ended" => ProviderBatchStatus.Completed,
            _ => null,
        };
    }

    private async Task<ProviderBatchCallResult> RefusedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await HttpBodies.ReadPrefixAsync(response.Content, HttpBodies.MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
        var error = AnthropicErrors.FromResponse(ProviderName, response.StatusCode, body, RetryAfter.Seconds(response.Headers, _time), _masker);
        return ProviderBatchCallResult.Refused((int)response.StatusCode, error.Message);
    }
}
