using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Functional;

/// <summary>Every client mistake gets an OpenAI-shaped 4xx that says what to fix.</summary>
public sealed class BadInputTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private TestGateway Gateway => fixture.Gateway;

    [Theory]
    [InlineData("{\"model\":\"gpt-4o-mini\",\"messages\":[", 400, null, "not valid JSON")]
    [InlineData("", 400, null, "empty")]
    [InlineData("null", 400, null, "not null")]
    [InlineData("[1,2]", 400, null, "")]
    [InlineData("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":\"hot\"}", 400, null, "temperature")]
    [InlineData("{\"model\":\"gpt-4o-mini\",\"messages\":\"hello\"}", 400, null, "messages")]
    [InlineData("{\"model\":42,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", 400, null, "model")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", 400, "missing_required_parameter", "model")]
    [InlineData("{\"model\":\"gpt-4o-mini\"}", 400, "missing_required_parameter", "messages")]
    [InlineData("{\"model\":\"gpt-4o-mini\",\"messages\":[]}", 400, null, "at least one")]
    [InlineData("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"content\":\"x\"}]}", 400, null, "role")]
    [InlineData("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}", 400, null, "wizard")]
    [InlineData("{\"model\":\"gpt-4o-mini\",\"n\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", 400, null, "'n'")]
    [InlineData("{\"model\":\"no-such-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", 404, "model_not_found", "no-such-model")]
    [InlineData("{\"model\":\"nope/gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", 404, "model_not_found", "nope/gpt-4o")]
    public async Task Chat_request_mistakes_are_explained(string body, int status, string? code, string messageFragment)
    {
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", body);

        var error = await OpenAIError.AssertAsync(response, status, code);
        Assert.Contains(messageFragment, error.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, Gateway.Mock.RecentRequests.Count(r => r.Body == body && body.Length > 0));
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413_without_reaching_upstream()
    {
        var huge = new string('x', 300_000);
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", $$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"{{huge}}"}]}""");

        var error = await OpenAIError.AssertAsync(response, 413, "request_too_large");
        Assert.Contains("262144", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_limit_without_content_length_gets_413()
    {
        var huge = new string('x', 300_000);
        using var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes($$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"{{huge}}"}]}""")));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await Gateway.Http.SendAsync(request);

        await OpenAIError.AssertAsync(response, 413, "request_too_large");
    }

    [Theory]
    [InlineData("{\"input\":\"x\"}", 400, "model")]
    [InlineData("{\"model\":\"mock/text-embedding-3-small\"}", 400, "input")]
    [InlineData("{\"model\":\"unknown-embedder\",\"input\":\"x\"}", 404, "unknown-embedder")]
    public async Task Embedding_request_mistakes_are_explained(string body, int status, string messageFragment)
    {
        using var response = await Gateway.PostJsonAsync("/v1/embeddings", body);

        var error = await OpenAIError.AssertAsync(response, status);
        Assert.Contains(messageFragment, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_paths_get_an_openai_shaped_404()
    {
        using var response = await Gateway.PostJsonAsync("/v1/completions-typo", "{}");

        await OpenAIError.AssertAsync(response, 404, "unknown_url");
    }

    [Fact]
    public async Task Random_garbage_bodies_never_crash_the_gateway()
    {
        var random = new Random(1234);
        var seeds = new[]
        {
            """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"fuzz"}],"temperature":0.5,"tools":[{"type":"function","function":{"name":"f"}}]}""",
            """{"model":"claude-sonnet-4","messages":[{"role":"user","content":[{"type":"text","text":"fuzz"}]}],"stop":["x"]}""",
        };
        for (var i = 0; i < 150; i++)
        {
            var chars = seeds[i % seeds.Length].ToCharArray();
            for (var m = 0; m < 1 + (i % 4); m++)
            {
                chars[random.Next(chars.Length)] = "{}[]\":,0a\\ "[random.Next(11)];
            }

            using var response = await Gateway.PostJsonAsync("/v1/chat/completions", new string(chars));
            var status = (int)response.StatusCode;
            Assert.True(status is 200 or (>= 400 and < 500), $"body '{new string(chars)}' got HTTP {status}");
            if (status != 200)
            {
                await OpenAIError.AssertAsync(response, status);
            }
        }
    }
}
