using System.Text.Json;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Functional;

/// <summary>
/// Issue #12 finding 7: a request body Kestrel gives up on (too slow for MinRequestBodyDataRate,
/// broken chunked framing, shorter than its Content-Length) used to escape as an unhandled 500 with
/// an error log line and no ledger row. Now: an OpenAI-shaped 400/408 where the connection still
/// allows an answer, a warning without the body, and exactly one ledger row per request.
/// </summary>
public sealed class SlowAndBrokenBodyTests : IAsyncLifetime
{
    private const string BodyStart = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"SECRET-BODY-TEXT """;

    private readonly CapturedLogs _logs = new();
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(logs: _logs);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [InlineData("zz\r\n")] // not a hex chunk size
    [InlineData("5\r\nabcdeXX")] // chunk data not followed by CRLF
    [InlineData("ffffffffffffffffff\r\n")] // a chunk size that overflows
    public async Task Broken_chunked_framing_gets_an_openai_shaped_400_and_one_ledger_row(string brokenTail)
    {
        await using var exchange = await RawExchange.ConnectAsync(_gateway.BaseUri);
        var first = $"{BodyStart.Length:x}\r\n{BodyStart}\r\n";
        await exchange.SendAsync($"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{first}{brokenTail}");

        var response = await exchange.ReadResponseAsync(TimeSpan.FromSeconds(10));

        AssertOpenAIError(response, 400, "invalid_request_body");
        await AssertOneLedgerRowAsync(response, 400);
        AssertLoggedAsWarningWithoutBody();
    }

    /// <summary>A half-close mid-body: Kestrel reports the client leaving (a client_closed row, 499) or the body ending early (400); one row, no error log.</summary>
    [Fact]
    public async Task A_client_that_stops_sending_mid_body_leaves_one_ledger_row_and_no_error_log()
    {
        await using var exchange = await RawExchange.ConnectAsync(_gateway.BaseUri);
        await exchange.SendAsync($"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{BodyStart}");
        exchange.EndSending();

        var response = await exchange.ReadResponseAsync(TimeSpan.FromSeconds(10));

        if (response.Status != 0)
        {
            AssertOpenAIError(response, 400, "invalid_request_body");
        }

        // Which of the two Kestrel reports is a race between the FIN and the body read: the connection as reset (the
        // client left, 499) or the body as ended early (400). Either way: one row that says which, and no error log.
        var row = Assert.Single(await LedgerRows.WaitForAsync(_gateway, 1));
        var recorded = (row.Long("status"), row.Text("error_code"));
        Assert.True(recorded is (499L, "client_closed") or (400L, "invalid_request_body"), $"ledger row {recorded}");
        if (response.Status == 400)
        {
            Assert.Equal((400L, "invalid_request_body"), recorded);
        }

        Assert.DoesNotContain(_logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal));
    }

    /// <summary>
    /// Kestrel's real timer decides (240 B/s after a 5 s grace period), so this test trickles for up
    /// to 20 s of real time — the one way to reach that code path; it stops as soon as an answer comes.
    /// </summary>
    [Trait("Category", "Slow")]
    [Fact]
    public async Task A_body_trickled_below_the_minimum_rate_gets_408_and_one_ledger_row()
    {
        await using var exchange = await RawExchange.ConnectAsync(_gateway.BaseUri);
        await exchange.SendAsync($"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var sent = 0;
        while (!exchange.HasAnswered && DateTime.UtcNow < deadline)
        {
            try
            {
                await exchange.SendAsync($"1\r\n{BodyStart[sent % BodyStart.Length]}\r\n");
            }
            catch (IOException)
            {
                break; // the server closed its side
            }

            sent++;
            await Task.Delay(250);
        }

        var response = await exchange.ReadResponseAsync(TimeSpan.FromSeconds(10));

        Assert.True(response.Status == 408, $"expected 408 after {sent} trickled bytes, got: {response.Raw}");
        AssertOpenAIError(response, 408, "request_timeout");
        await AssertOneLedgerRowAsync(response, 408);
        AssertLoggedAsWarningWithoutBody();
    }

    private void AssertOpenAIError(RawResponse response, int status, string code)
    {
        Assert.True(status == response.Status, $"expected HTTP {status}: {response.Raw} / log: {string.Join(" | ", _logs.Lines)}");
        Assert.StartsWith("application/json", response.Headers["content-type"], StringComparison.Ordinal);
        var error = JsonDocument.Parse(response.Body).RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
    }

    private async Task AssertOneLedgerRowAsync(RawResponse response, int status)
    {
        var requestId = response.Headers["x-frugal-request-id"];
        var rows = await LedgerRows.WaitForAsync(_gateway, 1);
        var row = Assert.Single(rows); // one row, and nothing else was written for this connection
        Assert.Equal(requestId, row.Text("request_id"));
        Assert.Equal(status, row.Long("status"));
    }

    private void AssertLoggedAsWarningWithoutBody()
    {
        Assert.DoesNotContain(_logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal));
        Assert.Contains(_logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("body could not be read", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Lines, line => line.Contains("SECRET-BODY-TEXT", StringComparison.Ordinal));
    }
}
