using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Frugal.Core.Configuration;
using Frugal.Core.Dispatch;
using Frugal.Core.Pipeline;
using Frugal.Core.Security;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;
using Frugal.Providers.Http;

namespace Frugal.Providers.OpenAICompatible;

/// <summary>
/// Adapter for every OpenAI-compatible API (OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp,
/// OpenRouter, DeepSeek, DashScope). The client's body is forwarded with only the model name
/// changed, so fields the gateway does not know pass through; answers come back byte for byte.
/// </summary>
public sealed class OpenAICompatibleClient : IProviderClient
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    private readonly ProviderConfig _provider;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly string? _apiKey;
    private readonly string _baseUrl;
    private readonly CredentialMasker _masker;

    public OpenAICompatibleClient(ProviderConfig provider, HttpClient http, TimeProvider time)
    {
        _provider = provider;
        _http = http;
        _time = time;
        _apiKey = provider.ResolveApiKey();
        _baseUrl = provider.BaseUrl.AbsoluteUri.TrimEnd('/');
        _masker = ProviderSecrets.Masker(provider, _apiKey);
    }

    public string Name => _provider.Name;

    public async ValueTask<GatewayResult<ChatCompletion>> SendAsync(ProviderCall call, CancellationToken cancellationToken)
    {
        var payload = UpstreamBody(call, stream: false);
        if (!payload.IsSuccess)
        {
            return payload.Error;
        }

        using var response = await PostAsync(ChatUrl(call.UpstreamModel), payload.Value, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return await ErrorAsync(response, cancellationToken).ConfigureAwait(false);
        }

        var body = await HttpBodies.ReadWholeAsync(response.Content, HttpBodies.MaxResponseBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return UpstreamErrors.ResponseTooLarge(Name, "the response body", HttpBodies.MaxResponseBodyBytes);
        }

        var parsed = TryParse(body, ProtocolJson.Context.ChatCompletionResponse);
        if (parsed is null || !OpenAIShape.IsUsable(parsed))
        {
            // Billed all the same: keep the usage if the body says it, for the ledger.
            call.UsageOfUnusableAnswer = parsed?.Usage ?? OpenAIShape.UsageOf(body);
            return GatewayError.UpstreamFailed(Name, "the response body is not a valid chat completion (malformed JSON)");
        }

        return new ChatCompletion(parsed, body);
    }

    public async ValueTask<GatewayResult<ChatStream>> StreamAsync(ProviderCall call, CancellationToken cancellationToken)
    {
        var payload = UpstreamBody(call, stream: true);
        if (!payload.IsSuccess)
        {
            return payload.Error;
        }

        var response = await PostAsync(ChatUrl(call.UpstreamModel), payload.Value, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                return await ErrorAsync(response, cancellationToken).ConfigureAwait(false);
            }
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return new ChatStream(ReadChunksAsync(stream, cancellationToken), new ResponseOwner(response));
    }

    public async ValueTask<GatewayResult<EmbeddingResult>> EmbedAsync(ProviderEmbeddingCall call, CancellationToken cancellationToken)
    {
        var request = call.Request.ShallowClone();
        request.Model = call.UpstreamModel;
        var payload = UpstreamJson.Encode(Name, request, ProtocolJson.Context.EmbeddingRequest);
        if (!payload.IsSuccess)
        {
            return payload.Error;
        }

        using var response = await PostAsync(Url("embeddings", call.UpstreamModel), payload.Value, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return await ErrorAsync(response, cancellationToken).ConfigureAwait(false);
        }

        var body = await HttpBodies.ReadWholeAsync(response.Content, HttpBodies.MaxResponseBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return UpstreamErrors.ResponseTooLarge(Name, "the embeddings response body", HttpBodies.MaxResponseBodyBytes);
        }

        var parsed = TryParse(body, ProtocolJson.Context.EmbeddingResponse);
        if (parsed is null)
        {
            return GatewayError.UpstreamFailed(Name, "the embeddings response is not valid JSON");
        }

        return new EmbeddingResult(body, parsed.Usage);
    }

    private async IAsyncEnumerable<ChatChunk> ReadChunksAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var sse in UpstreamSse.ReadAsync(stream, Name, cancellationToken).ConfigureAwait(false))
        {
            if (sse.IsDone)
            {
                yield break;
            }

            var chunk = TryParse(sse.Data.Span, ProtocolJson.Context.ChatCompletionChunk)
                ?? throw new GatewayStreamException(GatewayError.UpstreamFailed(Name, "the stream sent a chunk that is not valid JSON"));
            if (chunk.Extra is { } extra && extra.TryGetValue("error", out var error))
            {
                throw new GatewayStreamException(GatewayError.UpstreamFailed(Name, $"error in stream: {_masker.Clean(StreamErrorMessage(error))}"));
            }

            if (!OpenAIShape.IsUsable(chunk))
            {
                throw new GatewayStreamException(GatewayError.UpstreamFailed(Name, "the stream sent a chunk that is not a valid chat completion chunk"));
            }

            yield return ChatChunk.FromUpstream(chunk, sse.Data);
        }
    }

    private static string StreamErrorMessage(JsonElement error)
    {
        try
        {
            return error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
                ? m.GetString() ?? string.Empty
                : error.GetRawText();
        }
        catch (InvalidOperationException)
        {
            return "(undecodable message)"; // a lone surrogate escape
        }
    }

    private async Task<GatewayError> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await HttpBodies.ReadPrefixAsync(response.Content, HttpBodies.MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
        return OpenAIErrors.FromResponse(Name, response.StatusCode, body, RetryAfter.Seconds(response.Headers, _time), _masker);
    }

    /// <summary>The body sent upstream, or a 400 when the request holds what JSON cannot carry.</summary>
    private GatewayResult<byte[]> UpstreamBody(ProviderCall call, bool stream)
        => UpstreamJson.Encode(Name, (call, stream), static state => SerializeRequest(state.call, state.stream));

    private static byte[] SerializeRequest(ProviderCall call, bool stream)
    {
        var request = call.Request.ShallowClone();
        request.Model = call.UpstreamModel;
        if (stream)
        {
            // The ledger needs usage for every stream, so it is always requested upstream;
            // the server drops the usage chunk when the client did not ask for it.
            request.StreamOptions = new StreamOptions { IncludeUsage = true, Extra = call.Request.StreamOptions?.Extra };
        }

        return JsonSerializer.SerializeToUtf8Bytes(request, ProtocolJson.Context.ChatCompletionRequest);
    }

    private async Task<HttpResponseMessage> PostAsync(string url, byte[] payload, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, url);
        var content = new ByteArrayContent(payload);
        content.Headers.ContentType = JsonContentType;
        message.Content = content;
        OpenAIHeaders.Apply(message, _provider, _apiKey);

        return await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }

    private string ChatUrl(string upstreamModel) => Url("chat/completions", upstreamModel);

    /// <summary>Azure puts the deployment in the path and the API version in the query; everyone else appends the operation.</summary>
    private string Url(string operation, string upstreamModel)
        => _provider.AzureApiVersion is { } version
            ? $"{_baseUrl}/openai/deployments/{Uri.EscapeDataString(upstreamModel)}/{operation}?api-version={Uri.EscapeDataString(version)}"
            : $"{_baseUrl}/{operation}";

    private static T? TryParse<T>(ReadOnlySpan<byte> json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
