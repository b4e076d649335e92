using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Functional;

/// <summary>
/// Issue #12 finding 6, the part Kestrel owns. Requests Kestrel rejects while parsing the request
/// line or headers never reach the application (no middleware runs); Kestrel wrote them with an empty
/// body. <c>KestrelRejections</c> rewrites those heads on the connection's output, so they carry an
/// OpenAI-shaped error like every other refusal, and an unsupported HTTP version is a 400, not a 505.
/// Also pinned: the connection closed, no error logged, nothing in the ledger, and the gateway keeps serving.
/// Body errors, which Kestrel raises while the app reads, are answered by the app (SlowAndBrokenBodyTests).
/// </summary>
public sealed class KestrelRejectionTests : IAsyncLifetime
{
    private readonly CapturedLogs _logs = new();
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(logs: _logs);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    public static TheoryData<string, int> PreAppRejections => new()
    {
        { "GARBAGE\r\n\r\n", 400 }, // not a request line
        { "POST /v1/chat/completions HTTP/1.7\r\nHost: 127.0.0.1\r\n\r\n", 400 }, // Kestrel's 505, answered 400: the content never makes a 5xx
        { "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header Name: x\r\n\r\n", 400 },
        { "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400 },
        { "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\n", 400 },
        { $"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {new string('a', 40_000)}\r\n\r\n", 431 },
    };

    [Theory]
    [MemberData(nameof(PreAppRejections))]
    public async Task Requests_kestrel_rejects_before_the_app_get_an_OpenAI_shaped_4xx_and_leave_no_trace_or_error(string request, int status)
    {
        await using (var exchange = await RawExchange.ConnectAsync(_gateway.BaseUri))
        {
            await exchange.SendAsync(request);
            var response = await exchange.ReadResponseAsync(TimeSpan.FromSeconds(10));

            Assert.True(status == response.Status, $"expected {status}: {response.Raw}");
            Assert.Equal("close", response.Headers["connection"]);
            Assert.StartsWith("application/json", response.Headers["content-type"], StringComparison.Ordinal);
            using var error = System.Text.Json.JsonDocument.Parse(response.Body);
            var body = error.RootElement.GetProperty("error");
            Assert.Equal("invalid_request_error", body.GetProperty("type").GetString());
            Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
            Assert.False(string.IsNullOrEmpty(body.GetProperty("code").GetString()));
        }

        using var after = await _gateway.PostJsonAsync("/v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"still serving"}]}""");
        Assert.Equal(200, (int)after.StatusCode);
        var rows = await LedgerRows.WaitForAsync(_gateway, 1);
        Assert.Single(rows); // only the served request: Kestrel's rejection never became a request
        Assert.DoesNotContain(_logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal));
    }
}
