using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Functional;

/// <summary>
/// Issue #12 finding 6, the part Kestrel owns. Requests Kestrel rejects while parsing the request
/// line or headers never reach the application (no middleware runs), so their 400/431 keep
/// Kestrel's empty body: ASP.NET Core 10 offers only an observe-only DiagnosticSource event
/// ("Microsoft.AspNetCore.Server.Kestrel.BadRequest") at that point. These tests pin what does hold:
/// a 4xx, the connection closed, no error logged, nothing in the ledger, and the gateway keeps serving.
/// Body errors, which Kestrel raises while the app reads, are OpenAI-shaped (SlowAndBrokenBodyTests).
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
        { "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header Name: x\r\n\r\n", 400 },
        { "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400 },
        { "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\n", 400 },
        { $"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {new string('a', 40_000)}\r\n\r\n", 431 },
    };

    [Theory]
    [MemberData(nameof(PreAppRejections))]
    public async Task Requests_kestrel_rejects_before_the_app_get_a_4xx_and_leave_no_trace_or_error(string request, int status)
    {
        await using (var exchange = await RawExchange.ConnectAsync(_gateway.BaseUri))
        {
            await exchange.SendAsync(request);
            var response = await exchange.ReadResponseAsync(TimeSpan.FromSeconds(10));

            Assert.True(status == response.Status, $"expected {status}: {response.Raw}");
            Assert.Equal("close", response.Headers["connection"]);
        }

        using var after = await _gateway.PostJsonAsync("/v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"still serving"}]}""");
        Assert.Equal(200, (int)after.StatusCode);
        var rows = await LedgerRows.WaitForAsync(_gateway, 1);
        Assert.Single(rows); // only the served request: Kestrel's rejection never became a request
        Assert.DoesNotContain(_logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal));
    }
}
