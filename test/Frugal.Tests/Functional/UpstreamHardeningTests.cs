using System.Text.Json;
using Frugal.Core.Dispatch;
using Frugal.Core.Security;
using Frugal.MockUpstream;
using Frugal.Protocol.Sse;
using Frugal.Providers.Http;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Functional;

/// <summary>One gateway whose providers carry secrets an upstream may echo back: the provider key, a credential header, the admin key.</summary>
public sealed class HostileUpstreamFixture : IAsyncLifetime
{
    public const string AdminKeyVariable = "FRUGAL_TEST_UPSTREAM_ADMIN_KEY";
    public const string AdminKey = "admin-key-upstream-tests-77331";
    public const string HeaderSecret = "hdr-token-secret-upstream-90210";

    /// <summary>Where the mock's endless answers stop: well beyond every cap plus what socket buffers hold.</summary>
    public const long EndlessBytes = 256L * 1024 * 1024;

    public TestGateway Gateway { get; private set; } = null!;

    public CapturedLogs Logs { get; } = new();

    /// <summary>Every secret the gateway holds in these tests.</summary>
    public static IReadOnlyList<string> Secrets => [TestGateway.ProviderSecret, HeaderSecret, AdminKey];

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(AdminKeyVariable, AdminKey);
        Gateway = await TestGateway.StartAsync(
            logs: Logs,
            mockOptions: new MockUpstreamOptions { EndlessBytes = EndlessBytes },
            adminKeyEnv: AdminKeyVariable,
            extraProviders: $$"""
                ,
                "mock-header": { "kind": "openai", "baseUrl": "{mockUrl}/v1", "apiKeyEnv": "{{TestGateway.ProviderKeyVariable}}", "timeoutSeconds": 5,
                                 "maxRetries": 0, "headers": { "X-Upstream-Token": "{{HeaderSecret}}" } },
                "patient": { "kind": "openai", "baseUrl": "{mockUrl}/v1", "apiKeyEnv": "{{TestGateway.ProviderKeyVariable}}", "timeoutSeconds": 60,
                             "maxRetries": 2, "retryBaseDelayMs": 5 },
                "patient-anthropic": { "kind": "anthropic", "baseUrl": "{mockUrl}", "apiKeyEnv": "{{TestGateway.ProviderKeyVariable}}", "timeoutSeconds": 60,
                                       "maxRetries": 2, "retryBaseDelayMs": 5 }
                """);
    }

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}

/// <summary>
/// Issue #12, findings 10 and 11, and "a billed upstream call is never answered with a 500": upstreams
/// that echo credentials, send huge or endless answers, or 200s that are not answers.
/// </summary>
public sealed class UpstreamHardeningTests(HostileUpstreamFixture fixture) : IClassFixture<HostileUpstreamFixture>
{
    private const string HeaderModel = "mock-header/gpt-4o-mini";

    // Reading 64 MiB must not race the test gateway's 2 s provider timeout on a busy machine.
    private const string PatientOpenAI = "patient/gpt-4o-mini";
    private const string PatientAnthropic = "patient-anthropic/claude-sonnet-4-20250514";

    private TestGateway Gateway => fixture.Gateway;

    private static string Chat(string model, string content, bool stream = false)
        => $$"""{"model":"{{model}}","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"{{content}}"}]}""";

    private int UpstreamCallsWith(string marker) => Gateway.Mock.RecentRequests.Count(r => r.Body.Contains(marker, StringComparison.Ordinal));

    // ---- Finding 10: upstream error text is masked ----

    [Theory]
    [InlineData("gpt-4o-mini", "[[echo-auth:401]]", false, 401)]
    [InlineData("gpt-4o-mini", "[[echo-auth:500]]", false, 502)]
    [InlineData("gpt-4o-mini", "[[echo-auth:502:text]]", false, 502)]
    [InlineData("gpt-4o-mini", "[[echo-auth:403]]", true, 403)]
    [InlineData("azure-gpt-4o", "[[echo-auth:401]]", false, 401)]
    [InlineData(HeaderModel, "[[echo-auth:401]]", false, 401)]
    [InlineData(HeaderModel, "[[echo-auth:429]]", false, 429)]
    [InlineData("claude-sonnet-4", "[[echo-auth:401]]", false, 401)]
    [InlineData("claude-sonnet-4", "[[echo-auth:529]]", false, 502)]
    [InlineData("claude-sonnet-4", "[[echo-auth:502:text]]", true, 502)]
    public async Task Credentials_an_upstream_echoes_in_an_error_are_masked_before_the_client_sees_them(string model, string directive, bool stream, int status)
    {
        var marker = $"echo-{model}-{directive}-{stream}";
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat(model, $"{directive} {marker}", stream));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(status == (int)response.StatusCode, body);
        var message = JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("message").GetString()!;
        Assert.True(UpstreamCallsWith(marker) >= 1, "the upstream was called and answered with the echo");
        Assert.Contains(CredentialMasker.Mask, message, StringComparison.Ordinal); // the upstream's words pass, its echo of the key does not
        await AssertNoSecretAnywhereAsync(response, body);
    }

    [Theory]
    [InlineData("gpt-4o-mini")]
    [InlineData("claude-sonnet-4")]
    [InlineData(HeaderModel)]
    public async Task Credentials_echoed_in_an_error_in_the_middle_of_a_stream_are_masked(string model)
    {
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat(model, $"[[echo-auth:midstream]] midstream-echo-{model}", stream: true));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        var frames = Sse.DataFrames(body);
        Assert.DoesNotContain("[DONE]", frames);
        var error = JsonDocument.Parse(frames[^1]).RootElement.GetProperty("error");
        Assert.Contains(CredentialMasker.Mask, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertNoSecretAnywhereAsync(response, body);
    }

    [Theory]
    [InlineData("gpt-4o-mini")]
    [InlineData("claude-sonnet-4")]
    public async Task An_upstream_error_message_is_capped_at_about_2_KB(string model)
    {
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat(model, $"[[fault:long-error]] long-{model}"));

        var error = await OpenAIError.AssertAsync(response, 400);
        var message = error.GetProperty("message").GetString()!;
        Assert.StartsWith("mock 400: xxx", message, StringComparison.Ordinal);
        Assert.True(message.Length <= CredentialMasker.MaxChars + CredentialMasker.TruncationMarker.Length, $"message is {message.Length} chars");
        Assert.EndsWith(CredentialMasker.TruncationMarker, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endless_error_body_is_read_as_a_prefix_and_answered_502()
    {
        var before = await MockBytesWhenIdleAsync();
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat("gpt-4o-mini", "[[fault:endless-error]] endless-error"));

        var error = await OpenAIError.AssertAsync(response, 502, "upstream_error");
        Assert.True(error.GetProperty("message").GetString()!.Length < 1024);
        Assert.Equal(3, UpstreamCallsWith("endless-error")); // a 500: retried like any other
        var written = await MockBytesWhenIdleAsync() - before;
        Assert.True(written < 3 * MaxBytesPastCap(HttpBodies.MaxErrorBodyBytes), $"mock wrote {written} bytes");
    }

    // ---- Finding 11: endless lines and bodies are read with a cap ----

    [Theory]
    [InlineData(PatientOpenAI)]
    [InlineData(PatientAnthropic)]
    public async Task A_stream_line_without_end_before_the_first_chunk_is_a_502_too_large_and_not_retried(string model)
    {
        var marker = $"endless-first-{model}";
        var before = await MockBytesWhenIdleAsync();
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat(model, $"[[fault:endless-line]] {marker}", stream: true));

        await OpenAIError.AssertAsync(response, 502, UpstreamErrors.ResponseTooLargeCode);
        Assert.Equal(1, UpstreamCallsWith(marker));
        var written = await MockBytesWhenIdleAsync() - before;
        Assert.True(written > SseReader.MaxEventBytes, $"the mock wrote {written} bytes, fewer than the cap");
        Assert.True(written < MaxBytesPastCap(SseReader.MaxEventBytes), $"the gateway kept reading: the mock wrote {written} bytes");
        await AssertLedgerRowAsync(response, 502, UpstreamErrors.ResponseTooLargeCode);
    }

    [Theory]
    [InlineData(PatientOpenAI)]
    [InlineData(PatientAnthropic)]
    public async Task A_stream_line_without_end_after_the_first_chunk_ends_with_an_in_band_error(string model)
    {
        var marker = $"endless-mid-{model}";
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat(model, $"[[fault:midstream-endless-line]] {marker}", stream: true));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        var frames = Sse.DataFrames(body);
        Assert.DoesNotContain("[DONE]", frames);
        Assert.True(frames.Count >= 2, body);
        var error = JsonDocument.Parse(frames[^1]).RootElement.GetProperty("error");
        Assert.Equal(UpstreamErrors.ResponseTooLargeCode, error.GetProperty("code").GetString());
        Assert.Equal(1, UpstreamCallsWith(marker));
    }

    [Theory]
    [InlineData(PatientOpenAI)]
    [InlineData(PatientAnthropic)]
    public async Task A_non_streamed_body_over_the_cap_is_a_502_too_large_and_not_retried(string model)
    {
        var marker = $"endless-body-{model}";
        var before = await MockBytesWhenIdleAsync();
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat(model, $"[[fault:endless-line]] {marker}"));

        await OpenAIError.AssertAsync(response, 502, UpstreamErrors.ResponseTooLargeCode);
        Assert.Equal(1, UpstreamCallsWith(marker));
        var written = await MockBytesWhenIdleAsync() - before;
        Assert.True(written < MaxBytesPastCap(HttpBodies.MaxResponseBodyBytes), $"the gateway kept reading: the mock wrote {written} bytes");
    }

    // ---- A billed upstream call is never answered with a 500 ----

    [Theory]
    [InlineData("gpt-4o-mini", "odd-shape")]
    [InlineData("claude-sonnet-4", "odd-shape")]
    [InlineData("claude-sonnet-4", "malformed")]
    public async Task A_200_that_is_not_a_usable_answer_is_a_502_and_the_ledger_keeps_its_usage(string model, string fault)
    {
        var marker = $"unusable-{model}-{fault}";
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat(model, $"[[fault:{fault}]] {marker}"));

        await OpenAIError.AssertAsync(response, 502, "upstream_error");
        var row = await AssertLedgerRowAsync(response, 502, "upstream_error");
        if (fault == "odd-shape")
        {
            Assert.Equal(11, row.Long("input_tokens")); // the usage the unusable body reported: the call was billed
            Assert.Equal(3, row.Long("output_tokens"));
        }
    }

    [Theory]
    [InlineData("gpt-4o-mini")]
    [InlineData("claude-sonnet-4")]
    public async Task A_stream_whose_first_chunk_is_not_usable_is_a_502(string model)
    {
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat(model, $"[[fault:odd-shape]] odd-stream-{model}", stream: true));

        await OpenAIError.AssertAsync(response, 502, "upstream_error");
        await AssertLedgerRowAsync(response, 502, "upstream_error");
    }

    [Theory]
    [InlineData("""{"model":"claude-sonnet-4","tools":[null],"messages":[{"role":"user","content":"hi"}]}""", "tools[0]")]
    [InlineData("""{"model":"claude-sonnet-4","messages":[{"role":"user","content":"hi"},{"role":"assistant","tool_calls":[null]}]}""", "messages[1].tool_calls[0]")]
    [InlineData("""{"model":"claude-sonnet-4","messages":[{"role":"user","content":[null]}]}""", "messages[0].content[0]")]
    public async Task Null_tools_tool_calls_or_parts_for_an_anthropic_model_are_a_400_without_an_upstream_call(string json, string param)
    {
        var calls = Gateway.Mock.Stats.RequestsFor("/v1/messages");
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", json);

        var error = await OpenAIError.AssertAsync(response, 400);
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(calls, Gateway.Mock.Stats.RequestsFor("/v1/messages"));
    }

    /// <summary>
    /// What the mock may get written past a gateway's cap: socket buffers on both ends (tcp_rmem autotunes
    /// up to 32 MiB on the test machine) and pipes, generously. Far below the mock's 256 MiB.
    /// </summary>
    private static long MaxBytesPastCap(long cap) => cap + (48L * 1024 * 1024);

    /// <summary>
    /// The mock's endless-bytes counter once no request is in flight: the gateway answers as soon as it stops
    /// reading, and the mock's writer notices the closed connection a moment later (bounded wait).
    /// </summary>
    private async Task<long> MockBytesWhenIdleAsync()
    {
        await Eventually.UntilAsync(() => Gateway.Mock.Stats.InFlight == 0);

        Assert.Equal(0, Gateway.Mock.Stats.InFlight);
        return Gateway.Mock.Stats.HostileBytes;
    }

    private async Task<Dictionary<string, object?>> AssertLedgerRowAsync(HttpResponseMessage response, int status, string errorCode)
    {
        var requestId = response.Headers.GetValues("x-frugal-request-id").Single();
        var row = Assert.Single(await LedgerRows.WaitForAsync(Gateway, 1, $"request_id = '{requestId}'"));
        Assert.Equal(status, row.Long("status"));
        Assert.Equal(errorCode, row.Text("error_code"));
        return row;
    }

    /// <summary>The grep: no secret (nor a 12-character piece of one) in the body, the headers, any ledger row or any log line.</summary>
    private async Task AssertNoSecretAnywhereAsync(HttpResponseMessage response, string body)
    {
        var headers = string.Join('\n', response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(',', h.Value)}"));
        await LedgerRows.FlushAsync(Gateway);
        var ledger = string.Join('\n', (await LedgerRows.ReadAsync(Gateway.DataDir)).SelectMany(row => row.Values).Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)));
        var logs = string.Join('\n', fixture.Logs.Lines);
        foreach (var secret in HostileUpstreamFixture.Secrets)
        {
            for (var i = 0; i + 12 <= secret.Length; i++)
            {
                var piece = secret.Substring(i, 12);
                Assert.False(body.Contains(piece, StringComparison.Ordinal), $"response body holds '{piece}': {body}");
                Assert.False(headers.Contains(piece, StringComparison.Ordinal), $"response headers hold '{piece}'");
                Assert.False(ledger.Contains(piece, StringComparison.Ordinal), $"the ledger holds '{piece}'");
                Assert.False(logs.Contains(piece, StringComparison.Ordinal), $"a log line holds '{piece}'");
            }
        }
    }
}
