using System.Net.Http.Headers;
using System.Text.Json;
using Frugal.Core.Caching.Semantic.Index;

namespace Frugal.Core.Caching.Semantic.Embedding;

/// <summary>
/// Any OpenAI-compatible <c>POST {baseUrl}/embeddings</c> (OpenAI, Azure, Ollama, vLLM,
/// llama.cpp server, ...). The base URL is the one clients use, ending in <c>/v1</c>. The vector
/// of <c>data[0].embedding</c> is normalised here, since not every server returns unit vectors.
/// Failures surface as <see cref="HttpRequestException"/>; the cache stage treats them as a miss.
/// </summary>
public sealed class HttpEmbedder : IEmbedder
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _model;
    private readonly string? _apiKey;
    private int _dimensions;

    public HttpEmbedder(HttpClient http, Uri baseUrl, string model, string? apiKey = null, int dimensions = 0)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        _http = http;
        _endpoint = new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/embeddings");
        _model = model;
        _apiKey = apiKey;
        _dimensions = dimensions;
        Name = $"http:{model}";
    }

    public string Name { get; }

    /// <summary>As configured, or learnt from the first answer.</summary>
    public int Dimensions => Volatile.Read(ref _dimensions);

    public async ValueTask<float[]> EmbedAsync(string text, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new ByteArrayContent(RequestBody(text)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (!string.IsNullOrEmpty(_apiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Embeddings endpoint answered {(int)response.StatusCode}.", null, response.StatusCode);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(body, default, cancellationToken).ConfigureAwait(false);
        var vector = ParseFirstEmbedding(document.RootElement);
        var expected = Dimensions;
        if (expected == 0)
        {
            Interlocked.CompareExchange(ref _dimensions, vector.Length, 0);
        }
        else if (vector.Length != expected)
        {
            throw new HttpRequestException($"Embeddings endpoint returned {vector.Length} dimensions, expected {expected}.");
        }

        VectorMath.Normalize(vector);
        return vector;
    }

    private byte[] RequestBody(string text)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", _model);
            writer.WriteString("input", text);
            writer.WriteString("encoding_format", "float");
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static float[] ParseFirstEmbedding(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array || data.GetArrayLength() == 0
            || !data[0].TryGetProperty("embedding", out var embedding) || embedding.ValueKind != JsonValueKind.Array
            || embedding.GetArrayLength() == 0)
        {
            throw new HttpRequestException("Embeddings endpoint answered without data[0].embedding.");
        }

        var vector = new float[embedding.GetArrayLength()];
        var i = 0;
        foreach (var value in embedding.EnumerateArray())
        {
            vector[i++] = value.ValueKind == JsonValueKind.Number ? value.GetSingle() : throw new HttpRequestException("Embedding holds a non-number.");
        }

        return vector;
    }
}
