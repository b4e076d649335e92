using System.Net;
using System.Numerics.Tensors;
using System.Text;
using System.Text.Json;
using Frugal.Core.Caching.Semantic.Embedding;

namespace Frugal.Tests.Semantic;

public sealed class HttpEmbedderTests
{
    [Fact]
    public async Task Posts_to_the_embeddings_endpoint_and_normalises_data_0_embedding()
    {
        var handler = new Recorder("""{"object":"list","data":[{"object":"embedding","index":0,"embedding":[3.0,4.0]}],"model":"m"}""");
        Environment.SetEnvironmentVariable("FRUGAL_TEST_EMBED_KEY", "sk-test");
        var embedder = EmbedderFactory.Create(
            new EmbedderOptions { Kind = "http", BaseUrl = "http://127.0.0.1:9/v1/", Model = "text-embedding-3-small", ApiKeyEnv = "FRUGAL_TEST_EMBED_KEY" },
            new HttpClient(handler));

        var vector = await embedder.EmbedAsync("hello", CancellationToken.None);

        Assert.Equal([0.6f, 0.8f], vector);
        Assert.Equal(2, embedder.Dimensions);
        Assert.Equal("http:text-embedding-3-small", embedder.Name);
        Assert.Equal("http://127.0.0.1:9/v1/embeddings", handler.Uri!.ToString());
        Assert.Equal("Bearer sk-test", handler.Authorization);
        using var body = JsonDocument.Parse(handler.Body!);
        Assert.Equal("text-embedding-3-small", body.RootElement.GetProperty("model").GetString());
        Assert.Equal("hello", body.RootElement.GetProperty("input").GetString());
    }

    [Fact]
    public async Task An_error_status_or_a_malformed_answer_is_an_HttpRequestException()
    {
        var failing = new HttpEmbedder(new HttpClient(new Recorder("{}", HttpStatusCode.TooManyRequests)), new Uri("http://127.0.0.1:9/v1"), "m");
        var malformed = new HttpEmbedder(new HttpClient(new Recorder("""{"data":[]}""")), new Uri("http://127.0.0.1:9/v1"), "m");
        var wrongSize = new HttpEmbedder(new HttpClient(new Recorder("""{"data":[{"embedding":[1,2,3]}]}""")), new Uri("http://127.0.0.1:9/v1"), "m", dimensions: 2);

        await Assert.ThrowsAsync<HttpRequestException>(() => failing.EmbedAsync("x", CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<HttpRequestException>(() => malformed.EmbedAsync("x", CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<HttpRequestException>(() => wrongSize.EmbedAsync("x", CancellationToken.None).AsTask());
    }

    [Fact]
    public void The_factory_rejects_incomplete_options_with_a_message()
    {
        Assert.Throws<ArgumentException>(() => EmbedderFactory.Create(new EmbedderOptions { Kind = "http", Model = "m" }, new HttpClient()));
        Assert.Throws<ArgumentException>(() => EmbedderFactory.Create(new EmbedderOptions { Kind = "http", BaseUrl = "http://127.0.0.1:9/v1" }, new HttpClient()));
        Assert.Throws<ArgumentException>(() => EmbedderFactory.Create(new EmbedderOptions { Kind = "http", BaseUrl = "http://127.0.0.1:9/v1", Model = "m", ApiKeyEnv = "FRUGAL_TEST_UNSET_VARIABLE" }, new HttpClient()));
        Assert.Throws<ArgumentException>(() => EmbedderFactory.Create(new EmbedderOptions { Kind = "word2vec" }, null));
        Assert.Equal(1f, TensorPrimitives.Norm(((ILocalEmbedder)EmbedderFactory.Create(new EmbedderOptions(), null)).Embed("x")), 4);
    }

    private sealed class Recorder(string answer, HttpStatusCode status = HttpStatusCode.OK) : HttpMessageHandler
    {
        public Uri? Uri { get; private set; }

        public string? Authorization { get; private set; }

        public string? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Uri = request.RequestUri;
            Authorization = request.Headers.Authorization?.ToString();
            Body = await request.Content!.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(status) { Content = new StringContent(answer, Encoding.UTF8, "application/json") };
        }
    }
}
