using System.Net.Http.Headers;
using System.Text;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Functional;

/// <summary>
/// Issue #12 finding 6: request bodies that parse but used to end in a 500 "this is a bug" (one of
/// them after the upstream call was billed) are refused with an OpenAI-shaped 400 before any
/// upstream call, or served; never a 5xx.
/// </summary>
public sealed class HostileInputTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Messages = """[{"role":"user","content":"hostile"}]""";

    private TestGateway Gateway => fixture.Gateway;

    public static TheoryData<string, string, string?> RefusedBodies => new()
    {
        // a lone surrogate escape: the string cannot be turned into text (or UTF-8) again
        { """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"a\ud800b"}]}""", "surrogate", null },
        { """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"a\udc00b"}]}""", "surrogate", null },
        { """{"model":"gpt-4o-mini","messages":[{"role":"user","content":[{"type":"text","text":"\ud83d"}]}]}""", "surrogate", null },
        // numbers a double cannot hold
        { $$"""{"model":"gpt-4o-mini","messages":{{Messages}},"temperature":1e400}""", "finite", "temperature" },
        { $$"""{"model":"gpt-4o-mini","messages":{{Messages}},"top_p":-1e999}""", "finite", "top_p" },
        { $$"""{"model":"gpt-4o-mini","messages":{{Messages}},"frequency_penalty":1e309}""", "finite", "frequency_penalty" },
        // nulls in arrays the converters walk
        { $$"""{"model":"claude-sonnet-4","messages":{{Messages}},"tools":[null]}""", "tools[0]", "tools[0]" },
        { """{"model":"claude-sonnet-4","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[null]}]}""", "tool_calls[0]", "messages[1].tool_calls[0]" },
        { """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{}"}},null]}]}""", "tool_calls[1]", "messages[1].tool_calls[1]" },
        // control characters in the model name (they would reach headers, logs and metrics)
        { $$"""{"model":"mock/gpt\r\nx-evil: 1","messages":{{Messages}}}""", "control character", "model" },
        { $$"""{"model":"mock/a\u0000b","messages":{{Messages}}}""", "control character", "model" },
        // bytes after the JSON value
        { $$"""{"model":"gpt-4o-mini","messages":{{Messages}}}garbage""", "after the JSON value", null },
        { $$"""{"model":"gpt-4o-mini","messages":{{Messages}}}{}""", "after the JSON value", null },
        { $$"""{"model":"gpt-4o-mini","messages":{{Messages}}} x""", "after the JSON value", null },
    };

    [Theory]
    [MemberData(nameof(RefusedBodies))]
    public async Task Bodies_that_could_not_be_written_again_get_400_before_any_upstream_call(string body, string messageFragment, string? param)
    {
        var before = Gateway.Mock.RecentRequests.Count;

        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", body);

        var error = await OpenAIError.AssertAsync(response, 400);
        Assert.Contains(messageFragment, error.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        if (param is not null)
        {
            Assert.Equal(param, error.GetProperty("param").GetString());
        }

        Assert.Equal(before, Gateway.Mock.RecentRequests.Count);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3 })] // a truncated two-byte sequence
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // a surrogate encoded as UTF-8 (CESU)
    [InlineData(new byte[] { 0xC0, 0xAF })] // an overlong '/'
    public async Task Invalid_utf8_in_message_content_gets_400_before_any_upstream_call(byte[] bad)
    {
        var before = Gateway.Mock.RecentRequests.Count;
        var body = Concat("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"a"""u8.ToArray(), bad, "b\"}]}"u8.ToArray());

        using var response = await PostBytesAsync(body);

        var error = await OpenAIError.AssertAsync(response, 400);
        Assert.Contains("UTF-8", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, Gateway.Mock.RecentRequests.Count);
    }

    [Fact]
    public async Task Escaped_surrogate_pairs_and_escaped_backslashes_are_still_served()
    {
        // a real pair (😀), and "\\ud800" which is a backslash followed by the letters "ud800", not an escape
        var body = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"smile \ud83d\ude00 path C:\\ud800\\x"}]}""";

        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", body);

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Theory]
    [InlineData(40)]
    [InlineData(59)]
    [InlineData(60)]
    [InlineData(61)]
    [InlineData(62)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(100)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(1000)]
    public async Task Deeply_nested_content_is_served_or_refused_but_never_a_500(int depth)
    {
        foreach (var model in new[] { "gpt-4o-mini", "claude-sonnet-4" })
        {
            var nested = new string('[', depth) + new string(']', depth);
            var body = $$$"""{"model":"{{{model}}}","messages":[{"role":"user","content":"deep"},{"role":"user","content":[{"type":"text","text":"x","extra":{{{nested}}}}]}],"metadata":{"x":{{{nested}}}}}""";

            using var response = await Gateway.PostJsonAsync("/v1/chat/completions", body);

            var status = (int)response.StatusCode;
            if (status == 200)
            {
                continue;
            }

            var error = await OpenAIError.AssertAsync(response, 400);
            Assert.Contains("deeper than 64", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Nesting_within_the_limit_is_served_and_beyond_it_refused()
    {
        // the body is {"model":…,"metadata":{"x": <n arrays>}} : depth 2 + n
        using var within = await Gateway.PostJsonAsync("/v1/chat/completions", $$$"""{"model":"gpt-4o-mini","messages":{{{Messages}}},"metadata":{"x":{{{new string('[', 62) + new string(']', 62)}}}}}""");
        using var beyond = await Gateway.PostJsonAsync("/v1/chat/completions", $$$"""{"model":"gpt-4o-mini","messages":{{{Messages}}},"metadata":{"x":{{{new string('[', 63) + new string(']', 63)}}}}}""");

        Assert.Equal(200, (int)within.StatusCode);
        await OpenAIError.AssertAsync(beyond, 400);
    }

    [Fact]
    public async Task A_non_ascii_model_name_is_served_with_ascii_headers_and_one_billed_ledger_row()
    {
        const string model = "mock/模型";

        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", $$"""{"model":"{{model}}","messages":[{"role":"user","content":"unicode model"}]}""");

        Assert.Equal(200, (int)response.StatusCode);
        var header = response.Headers.GetValues("x-frugal-model").Single();
        Assert.Equal("%E6%A8%A1%E5%9E%8B", header);
        Assert.Equal("模型", Uri.UnescapeDataString(header));
        var requestId = response.Headers.GetValues("x-frugal-request-id").Single();
        var rows = await LedgerRows.WaitForAsync(Gateway, 1, $"request_id = '{requestId}'");
        Assert.Equal(200L, Assert.Single(rows).Long("status"));
    }

    [Fact]
    public async Task A_non_ascii_model_name_on_a_stream_is_served_too()
    {
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", """{"model":"mock/模型","stream":true,"messages":[{"role":"user","content":"unicode model"}]}""");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("[DONE]", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PostBytesAsync(byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await Gateway.Http.SendAsync(request);
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
