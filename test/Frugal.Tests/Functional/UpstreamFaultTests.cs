using System.ClientModel;
using Frugal.Tests.Infrastructure;
using OpenAI.Chat;

namespace Frugal.Tests.Functional;

/// <summary>
/// Upstream failures: retried with backoff while nothing has reached the client, then answered
/// 502/504/429 in OpenAI's shape; 4xx passed through; failures after the first byte reported in-band.
/// </summary>
public sealed class UpstreamFaultTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private TestGateway Gateway => fixture.Gateway;

    private static string Chat(string model, string content, bool stream = false)
        => $$"""{"model":"{{model}}","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"{{content}}"}]}""";

    private int UpstreamCallsWith(string marker) => Gateway.Mock.RecentRequests.Count(r => r.Body.Contains(marker, StringComparison.Ordinal));

    [Theory]
    [InlineData("gpt-4o-mini", false)]
    [InlineData("gpt-4o-mini", true)]
    [InlineData("claude-sonnet-4", false)]
    [InlineData("claude-sonnet-4", true)]
    public async Task Transient_5xx_is_retried_until_it_succeeds(string model, bool stream)
    {
        var key = $"t5xx-{model}-{stream}";
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat(model, $"[[fault:500:times=2:key={key}]] recover", stream));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("recover", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(3, UpstreamCallsWith(key));
    }

    [Theory]
    [InlineData("gpt-4o-mini", "500", 502, "upstream_error")]
    [InlineData("claude-sonnet-4", "500", 502, "upstream_error")]
    [InlineData("claude-sonnet-4", "529", 502, "upstream_error")]
    [InlineData("gpt-4o-mini", "429", 429, "rate_limit_exceeded")]
    [InlineData("claude-sonnet-4", "429", 429, "rate_limit_exceeded")]
    public async Task Persistent_failures_are_answered_after_the_retries(string model, string fault, int status, string code)
    {
        var marker = $"persist-{model}-{fault}";
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat(model, $"[[fault:{fault}]] {marker}"));

        await OpenAIError.AssertAsync(response, status, code);
        Assert.Equal(3, UpstreamCallsWith(marker)); // 1 attempt + maxRetries 2
    }

    [Theory]
    [InlineData("gpt-4o-mini", "400")]
    [InlineData("gpt-4o-mini", "404")]
    [InlineData("claude-sonnet-4", "400")]
    public async Task Upstream_4xx_passes_through_with_its_message_and_is_not_retried(string model, string fault)
    {
        var marker = $"reject-{model}-{fault}";
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat(model, $"[[fault:{fault}]] {marker}"));

        var error = await OpenAIError.AssertAsync(response, int.Parse(fault, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains($"mock {fault}", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, UpstreamCallsWith(marker));
    }

    [Fact]
    public async Task A_provider_that_does_not_answer_in_time_gets_504()
    {
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat("impatient-model", "[[fault:timeout]] slow"));

        var error = await OpenAIError.AssertAsync(response, 504, "upstream_timeout");
        Assert.Contains("impatient", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("disconnect")]
    [InlineData("malformed")]
    public async Task A_broken_non_streaming_answer_is_retried_then_502(string fault)
    {
        var marker = $"broken-{fault}";
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat("gpt-4o-mini", $"[[fault:{fault}]] {marker}"));

        await OpenAIError.AssertAsync(response, 502, "upstream_error");
        Assert.Equal(3, UpstreamCallsWith(marker));
    }

    [Theory]
    [InlineData("gpt-4o-mini", "disconnect")]
    [InlineData("gpt-4o-mini", "malformed")]
    [InlineData("gpt-4o-mini", "midstream-error")]
    [InlineData("claude-sonnet-4", "disconnect")]
    [InlineData("claude-sonnet-4", "midstream-error")]
    public async Task A_stream_that_breaks_after_the_first_byte_ends_with_an_error_event_and_no_retry(string model, string fault)
    {
        var marker = $"midbreak-{model}-{fault}";
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat(model, $"[[fault:{fault}]] [[chunks:6]] {marker}", stream: true));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        var frames = Sse.DataFrames(body);
        Assert.DoesNotContain("[DONE]", frames);
        var last = System.Text.Json.JsonDocument.Parse(frames[^1]).RootElement;
        Assert.Equal("upstream_error", last.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(1, UpstreamCallsWith(marker));
    }

    [Fact]
    public async Task The_sdk_sees_gateway_errors_as_client_result_exceptions()
    {
        var client = Gateway.ChatClient("gpt-4o-mini");

        var ex = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("[[fault:500]] sdk-visible")]));

        Assert.Equal(502, ex.Status);
        Assert.Contains("Provider 'mock' failed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_never_contain_keys_or_stack_traces()
    {
        using (await Gateway.PostJsonAsync("/v1/chat/completions", Chat("gpt-4o-mini", "[[fault:500]] log probe")))
        using (await Gateway.PostJsonAsync("/v1/chat/completions", Chat("claude-sonnet-4", "[[fault:429]] log probe")))
        using (await Gateway.PostJsonAsync("/v1/chat/completions", "{broken"))
        {
        }

        var lines = fixture.Logs.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("retrying", StringComparison.Ordinal)); // the retries above were logged
        Assert.DoesNotContain(lines, l => l.Contains(TestGateway.ProviderSecret, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("   at ", StringComparison.Ordinal));
    }
}
