using System.Text.Json;
using System.Text.RegularExpressions;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Functional;

/// <summary>Byte- and field-level behaviour of the OpenAI-compatible surface, with a raw HTTP client.</summary>
public sealed partial class ChatWireTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private TestGateway Gateway => fixture.Gateway;

    [Fact]
    public async Task Every_response_names_request_provider_and_model_actually_called()
    {
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", """{"model":"claude-sonnet-4","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.StartsWith("req_", response.Headers.GetValues("x-frugal-request-id").Single(), StringComparison.Ordinal);
        Assert.Equal("mock-anthropic", response.Headers.GetValues("x-frugal-provider").Single());
        Assert.Equal("claude-sonnet-4-20250514", response.Headers.GetValues("x-frugal-model").Single());
    }

    [Fact]
    public async Task Unknown_and_advanced_fields_reach_an_openai_upstream_unchanged()
    {
        const string body = """
            {"model":"gpt-4o-mini","messages":[{"role":"user","content":"passthrough probe 7f3a"}],
             "n":2,"seed":42,"logprobs":true,"top_logprobs":2,
             "response_format":{"type":"json_schema","json_schema":{"name":"a","schema":{"type":"object"}}},
             "frobnicate":{"level":3,"list":[1,2.5,"x",null]},"service_tier":"flex","user":"u-1",
             "prediction":{"type":"content","content":"é ü 日本"}}
            """;

        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", body);

        Assert.Equal(200, (int)response.StatusCode);
        var sent = JsonDocument.Parse(body).RootElement;
        var received = JsonDocument.Parse(Gateway.Mock.RecentRequests.Last(r => r.Body.Contains("passthrough probe 7f3a", StringComparison.Ordinal)).Body).RootElement;
        foreach (var property in sent.EnumerateObject())
        {
            Assert.True(received.TryGetProperty(property.Name, out var value), $"upstream did not receive '{property.Name}'");
            Assert.True(JsonElement.DeepEquals(property.Value, value), $"'{property.Name}' changed: {property.Value} -> {value}");
        }

        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(2, answer.GetProperty("choices").GetArrayLength());
        Assert.True(answer.GetProperty("choices")[0].GetProperty("logprobs").GetProperty("content").GetArrayLength() > 0);
    }

    [Fact]
    public async Task Provider_key_is_sent_upstream_and_never_back_to_the_client()
    {
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"key probe 11"}]}""");
        var text = await response.Content.ReadAsStringAsync();

        var upstream = Gateway.Mock.RecentRequests.Last(r => r.Body.Contains("key probe 11", StringComparison.Ordinal));
        Assert.Equal($"Bearer {TestGateway.ProviderSecret}", upstream.Headers["Authorization"]);
        Assert.DoesNotContain(TestGateway.ProviderSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(response.Headers, h => h.Value.Any(v => v.Contains(TestGateway.ProviderSecret, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Azure_requests_use_deployment_path_api_version_and_api_key_header()
    {
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", """{"model":"azure-gpt-4o","messages":[{"role":"user","content":"azure probe 5"}]}""");

        Assert.Equal(200, (int)response.StatusCode);
        var upstream = Gateway.Mock.RecentRequests.Last(r => r.Body.Contains("azure probe 5", StringComparison.Ordinal));
        Assert.Equal("/openai/deployments/my-gpt4o-deployment/chat/completions", upstream.Path);
        Assert.Contains("api-version=2024-10-21", upstream.Query, StringComparison.Ordinal);
        Assert.Equal(TestGateway.ProviderSecret, upstream.Headers["api-key"]);
    }

    [Fact]
    public async Task Anthropic_requests_carry_version_and_x_api_key()
    {
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", """{"model":"claude-sonnet-4","messages":[{"role":"system","content":"sys"},{"role":"user","content":"anthropic probe 9"}]}""");

        Assert.Equal(200, (int)response.StatusCode);
        var upstream = Gateway.Mock.RecentRequests.Last(r => r.Body.Contains("anthropic probe 9", StringComparison.Ordinal));
        Assert.Equal("/v1/messages", upstream.Path);
        Assert.Equal(TestGateway.ProviderSecret, upstream.Headers["x-api-key"]);
        Assert.Equal("2023-06-01", upstream.Headers["anthropic-version"]);
        var sent = JsonDocument.Parse(upstream.Body).RootElement;
        Assert.Equal("claude-sonnet-4-20250514", sent.GetProperty("model").GetString());
        Assert.Equal("sys", sent.GetProperty("system")[0].GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("gpt-4o-mini")]
    [InlineData("claude-sonnet-4")]
    public async Task Sse_frames_are_exactly_data_json_blank_line_and_end_with_done(string model)
    {
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions",
            $$"""{"model":"{{model}}","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"frame probe [[chunks:4]]"}]}""");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches(FramingPattern(), body);
        var chunks = Sse.JsonChunks(body).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        var last = chunks[^1];
        Assert.Equal(0, last.GetProperty("choices").GetArrayLength());
        Assert.True(last.GetProperty("usage").GetProperty("prompt_tokens").GetInt64() > 0);
    }

    [Theory]
    [InlineData("gpt-4o-mini")]
    [InlineData("claude-sonnet-4")]
    public async Task Without_include_usage_the_client_gets_no_usage_chunk(string model)
    {
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions",
            $$"""{"model":"{{model}}","stream":true,"messages":[{"role":"user","content":"no usage please"}]}""");
        var body = await response.Content.ReadAsStringAsync();

        var chunks = Sse.JsonChunks(body).ToList();
        Assert.NotEmpty(chunks);
        Assert.All(chunks, c => Assert.True(c.GetProperty("choices").GetArrayLength() > 0, $"unexpected usage-only chunk: {c}"));
        Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Openai_stream_chunks_are_forwarded_byte_for_byte()
    {
        const string request = """{"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"bytes probe é 日本 [[chunks:3]]"}]}""";
        using var direct = new HttpClient();
        using var directResponse = await direct.PostAsync(new Uri(Gateway.Mock.BaseUri, "/v1/chat/completions"), new StringContent(request, System.Text.Encoding.UTF8, "application/json"));
        var directBody = await directResponse.Content.ReadAsStringAsync();

        using var viaGateway = await Gateway.PostJsonAsync("/v1/chat/completions", request);
        var gatewayBody = await viaGateway.Content.ReadAsStringAsync();

        // Only the creation second and the mock's id (a hash of the exact upstream body) may differ,
        // and the gateway adds its cost comment before [DONE].
        Assert.Single(Sse.Comments(gatewayBody));
        Assert.Equal(Normalise(directBody), Normalise(CostComment().Replace(gatewayBody, string.Empty)));
        Assert.Contains("é 日本", gatewayBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_disconnects_cancels_the_upstream_call()
    {
        var abortedBefore = Gateway.Mock.Stats.ClientAborted;
        await RawHttp.PostAndAbandonAfterFirstBytesAsync(Gateway.BaseUri, "/v1/chat/completions",
            """{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"slow stream [[chunks:20]] [[chunk-delay:200]]"}]}""");

        await Eventually.UntilAsync(() => Gateway.Mock.Stats.ClientAborted > abortedBefore);

        Assert.True(Gateway.Mock.Stats.ClientAborted > abortedBefore, "the upstream call was not cancelled after the client left");
    }

    /// <summary>Data frames, then the cost comment, then [DONE]; nothing else.</summary>
    [GeneratedRegex("^(data: \\{[^\\n]*\\}\\n\\n)+: x-frugal-cost-usd: [0-9.]+\\n\\ndata: \\[DONE\\]\\n\\n$")]
    private static partial Regex FramingPattern();

    private static string Normalise(string body) => IdPattern().Replace(CreatedPattern().Replace(body, "\"created\":0"), "\"id\":\"x\"");

    [GeneratedRegex(": x-frugal-cost-usd: [^\\n]*\\n\\n")]
    private static partial Regex CostComment();

    [GeneratedRegex("\"created\":\\d+")]
    private static partial Regex CreatedPattern();

    [GeneratedRegex("\"id\":\"chatcmpl-[^\"]*\"")]
    private static partial Regex IdPattern();
}
