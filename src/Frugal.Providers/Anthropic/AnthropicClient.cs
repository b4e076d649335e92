using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Frugal.Core.Configuration;
using Frugal.Core.Dispatch;
using Frugal.Core.Pipeline;
using Frugal.Core.Security;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;
using Frugal.Protocol.Sse;
using Frugal.Providers.Anthropic.Wire;
using Frugal.Providers.Http;

namespace Frugal.Providers.Anthropic;

/// <summary>
/// Anthropic's Messages API behind the OpenAI chat completions contract: each call converts the
/// request, makes exactly one HTTP call and converts the answer back. Retries, timeouts and
/// failover are the dispatcher's; transport exceptions propagate for it to classify.
/// </summary>
public sealed class AnthropicClient(ProviderConfig provider, HttpClient http, TimeProvider time) : IProviderClient
{
    /// <summary>The API version this adapter's DTOs follow; Anthropic requires it on every call.</summary>
    public const string ApiVersion = "2023-06-01";

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");

    // Read once: the environment does not change under a running gateway, and a per-call
    // lookup would be wasted work on the hot path.
    private readonly string? _apiKey = ReadApiKey(provider);

    /// <summary>Masks this provider's key and credential headers (and generic credential patterns) in what comes back.</summary>
    private readonly CredentialMasker _masker = ProviderSecrets.Masker(provider, ReadApiKey(provider));

    private readonly Uri _messagesUri = MessagesUri(provider.BaseUrl);

    public string Name => provider.Name;

    public async ValueTask<GatewayResult<ChatCompletion>> SendAsync(ProviderCall call, CancellationToken cancellationToken)
    {
        var converted = AnthropicRequestConverter.Convert(call.Request, call.UpstreamModel);
        if (!converted.IsSuccess)
        {
            return converted.Error;
        }

        var body = converted.Value;
        body.Stream = null;
        var created = CreateRequest(body);
        if (!created.IsSuccess)
        {
            return created.Error;
        }

        using var request = created.Value;
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return await ErrorAsync(response, cancellationToken).ConfigureAwait(false);
        }

        var bytes = await HttpBodies.ReadWholeAsync(response.Content, HttpBodies.MaxResponseBodyBytes, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return UpstreamErrors.ResponseTooLarge(provider.Name, "the response body", HttpBodies.MaxResponseBodyBytes);
        }

        MessagesResponse? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(bytes, AnthropicJson.Context.MessagesResponse);
        }
        catch (JsonException)
        {
            parsed = null;
        }

        if (parsed is null || !AnthropicResponseConverter.IsUsable(parsed))
        {
            // Billed all the same: keep the usage if the body says it, for the ledger.
            if (parsed?.Usage is { } usage)
            {
                call.UsageOfUnusableAnswer = AnthropicResponseConverter.ConvertUsage(usage);
            }

            return GatewayError.UpstreamFailed(provider.Name, "malformed response");
        }

        // Translated, so there are no upstream bytes to pass through: RawJson stays empty.
        return new ChatCompletion(AnthropicResponseConverter.Convert(parsed, time.GetUtcNow().ToUnixTimeSeconds()));
    }

    public async ValueTask<GatewayResult<ChatStream>> StreamAsync(ProviderCall call, CancellationToken cancellationToken)
    {
        var converted = AnthropicRequestConverter.Convert(call.Request, call.UpstreamModel);
        if (!converted.IsSuccess)
        {
            return converted.Error;
        }

        var body = converted.Value;
        body.Stream = true;
        var created = CreateRequest(body);
        if (!created.IsSuccess)
        {
            return created.Error;
        }

        var request = created.Value;
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            request.Dispose();
            throw;
        }

        if (!response.IsSuccessStatusCode)
        {
            using (request)
            using (response)
            {
                return await ErrorAsync(response, cancellationToken).ConfigureAwait(false);
            }
        }

        // The chunks are read with the enumerator's token only: the token given here bounds the
        // wait for headers, and the stream outlives this call. Disposing the ChatStream disposes
        // the response, which aborts a read in progress.
        var chunks = ReadChunksAsync(response, provider.Name, _masker, time.GetUtcNow().ToUnixTimeSeconds(), CancellationToken.None);
        return new ChatStream(chunks, new ExchangeOwner(request, response));
    }

    public ValueTask<GatewayResult<EmbeddingResult>> EmbedAsync(ProviderEmbeddingCall call, CancellationToken cancellationToken)
        => ValueTask.FromResult<GatewayResult<EmbeddingResult>>(GatewayError.InvalidRequest(
            $"Provider '{provider.Name}' (anthropic) does not offer embeddings; route embedding models to an OpenAI-compatible provider.",
            "model",
            "model_not_supported"));

    private static async IAsyncEnumerable<ChatChunk> ReadChunksAsync(
        HttpResponseMessage response,
        string providerName,
        CredentialMasker masker,
        long created,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var converter = new AnthropicStreamConverter(providerName, created, masker);
        var output = new List<ChatCompletionChunk>(2);
        await foreach (var sse in UpstreamSse.ReadAsync(stream, providerName, cancellationToken).ConfigureAwait(false))
        {
            output.Clear();
            converter.Convert(ParseEvent(sse, providerName), output);
            foreach (var chunk in output)
            {
                yield return ChatChunk.FromParsed(chunk);
            }

            if (converter.Completed)
            {
                yield break;
            }
        }

        // The connection closed before message_stop: the answer is incomplete, and the client
        // must not take a truncated answer (or missing usage) for a whole one.
        throw new GatewayStreamException(GatewayError.UpstreamFailed(providerName, "the stream ended before message_stop"));
    }

    private static StreamEvent ParseEvent(SseEvent sse, string providerName)
    {
        StreamEvent? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(sse.Data.Span, AnthropicJson.Context.StreamEvent);
        }
        catch (JsonException)
        {
            parsed = null;
        }

        return parsed ?? throw new GatewayStreamException(GatewayError.UpstreamFailed(providerName, "malformed stream event"));
    }

    /// <summary>The HTTP request, or a 400 when the body holds what JSON cannot carry (a non-finite number, a lone surrogate, nesting too deep).</summary>
    private GatewayResult<HttpRequestMessage> CreateRequest(MessagesRequest body)
    {
        var json = UpstreamJson.Encode(provider.Name, body, AnthropicJson.Context.MessagesRequest);
        if (!json.IsSuccess)
        {
            return json.Error;
        }

        var content = new ByteArrayContent(json.Value);
        content.Headers.ContentType = JsonMediaType;
        var request = new HttpRequestMessage(HttpMethod.Post, _messagesUri) { Content = content };
        AnthropicHeaders.Apply(request, provider, _apiKey);

        return request;
    }

    private async Task<GatewayError> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await HttpBodies.ReadPrefixAsync(response.Content, HttpBodies.MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
        return AnthropicErrors.FromResponse(provider.Name, response.StatusCode, body, RetryAfter.Seconds(response.Headers, time), _masker);
    }

    private static string? ReadApiKey(ProviderConfig provider)
        => provider.ResolveApiKey();

    /// <summary>
    /// <c>{baseUrl}/v1/messages</c>. The base URL is configured without the version path; one
    /// that already ends in /v1 (an easy slip when copying an OpenAI-style URL) is accepted too.
    /// </summary>
    private static Uri MessagesUri(Uri baseUrl)
    {
        var root = baseUrl.AbsoluteUri.TrimEnd('/');
        return new Uri(root.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? root + "/messages" : root + "/v1/messages");
    }

    /// <summary>Keeps the request and response of a stream alive until the stream is disposed.</summary>
    private sealed class ExchangeOwner(HttpRequestMessage request, HttpResponseMessage response) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            response.Dispose();
            request.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
