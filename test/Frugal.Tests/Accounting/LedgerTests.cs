using System.Text.Json;
using Frugal.Core.Admission;
using Frugal.Storage.Sqlite;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Accounting;

/// <summary>Every client request lands in the real SQLite ledger exactly once, with its figures.</summary>
public sealed class LedgerTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private static string Chat(string model, string content, bool stream = false)
        => $$"""{"model":"{{model}}","stream":{{(stream ? "true" : "false")}},"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"{{content}}"}]}""";

    private async Task<(string RequestId, int Status, string Body, string? Cost)> SendAsync(string path, string body)
    {
        using var response = await _gateway.PostJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        var cost = response.Headers.TryGetValues("x-frugal-cost-usd", out var values) ? values.Single() : null;
        return (response.Headers.GetValues("x-frugal-request-id").Single(), (int)response.StatusCode, text, cost);
    }

    /// <summary>gpt-4o-mini list price: $0.15 input, $0.075 cached input, $0.60 output per 1M tokens.</summary>
    private static decimal Gpt4oMiniCost(long prompt, long cached, long completion)
        => (((prompt - cached) * 0.15m) + (cached * 0.075m) + (completion * 0.60m)) / 1_000_000m;

    [Fact]
    public async Task A_successful_call_is_recorded_with_tokens_cost_and_provider_cache_saving()
    {
        var (id, status, body, cost) = await SendAsync("/v1/chat/completions", Chat("gpt-4o-mini", "ledger probe one [[cached:20]] [[reasoning:5]]"));
        Assert.Equal(200, status);
        var usage = JsonDocument.Parse(body).RootElement.GetProperty("usage");
        var prompt = usage.GetProperty("prompt_tokens").GetInt64();
        var completion = usage.GetProperty("completion_tokens").GetInt64();
        var expected = Gpt4oMiniCost(prompt, 20, completion);

        Assert.Equal(expected, decimal.Parse(cost!, System.Globalization.CultureInfo.InvariantCulture));
        var row = Assert.Single(await LedgerRows.WaitForAsync(_gateway, 1, $"request_id = '{id}'"));
        Assert.Equal("chat", row.Text("endpoint"));
        Assert.Equal("gpt-4o-mini", row.Text("requested_model"));
        Assert.Equal("mock", row.Text("provider"));
        Assert.Equal(prompt, row.Long("input_tokens"));
        Assert.Equal(20, row.Long("cached_input_tokens"));
        Assert.Equal(completion, row.Long("output_tokens"));
        Assert.Equal(5, row.Long("reasoning_tokens"));
        Assert.Equal(expected, row.Usd("cost_nusd"));
        Assert.Equal(20 * (0.15m - 0.075m) / 1_000_000m, row.Usd("saved_provider_cache_nusd"));
        Assert.Equal(1, row.Long("attempts"));
        Assert.Equal(200, row.Long("status"));
        Assert.True((double)row["latency_ms"]! > 0);
        Assert.True((double)row["ttft_ms"]! <= (double)row["latency_ms"]!);
        Assert.Null(row.Text("request_body")); // bodies only when a key or model opts in
    }

    [Fact]
    public async Task A_stream_is_recorded_when_it_ends_and_carries_its_cost_in_an_sse_comment()
    {
        var (id, status, body, header) = await SendAsync("/v1/chat/completions", Chat("claude-sonnet-4", "ledger stream probe [[chunks:4]] [[cached:6]] [[cache-write:8]]", stream: true));
        Assert.Equal(200, status);
        Assert.Null(header); // headers left before the cost was known

        var usage = Sse.JsonChunks(body).Last().GetProperty("usage");
        var comment = Assert.Single(Sse.Comments(body));
        var row = Assert.Single(await LedgerRows.WaitForAsync(_gateway, 1, $"request_id = '{id}'"));
        Assert.Equal(1, row.Long("streamed"));
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt64(), row.Long("input_tokens"));
        Assert.Equal(6, row.Long("cached_input_tokens"));
        Assert.Equal(8, row.Long("cache_write_5m_tokens"));
        Assert.Equal("mock-anthropic", row.Text("provider"));
        Assert.Equal("claude-sonnet-4-20250514", row.Text("upstream_model"));
        Assert.Equal("x-frugal-cost-usd: " + Frugal.Server.Http.FrugalHeaders.FormatCost(row.Usd("cost_nusd")), comment);
        Assert.True(row.Usd("cost_nusd") > 0);
    }

    [Fact]
    public async Task Failures_and_refusals_are_recorded_once_each_with_their_attempts()
    {
        var requests = new[]
        {
            ("/v1/chat/completions", "{broken json", 400),
            ("/v1/chat/completions", Chat("no-such-model", "x"), 404),
            ("/v1/chat/completions", Chat("gpt-4o-mini", "[[fault:500]] always failing"), 502),
            ("/v1/chat/completions", Chat("gpt-4o-mini", "[[fault:503:times=1:key=ledger-once]] recovers"), 200),
            ("/v1/embeddings", """{"model":"mock/text-embedding-3-small","input":"embed me"}""", 200),
        };
        var ids = new List<(string Id, int Status)>();
        foreach (var (path, body, expected) in requests)
        {
            var (id, status, _, _) = await SendAsync(path, body);
            Assert.Equal(expected, status);
            ids.Add((id, status));
        }

        var rows = await LedgerRows.WaitForAsync(_gateway, ids.Count, $"request_id IN ({string.Join(",", ids.Select(i => $"'{i.Id}'"))})");
        Assert.Equal(ids.Count, rows.Count);
        foreach (var (id, status) in ids)
        {
            Assert.Equal(status, Assert.Single(rows, r => r.Text("request_id") == id).Long("status"));
        }

        var failed = rows.Single(r => r.Long("status") == 502);
        Assert.Equal(3, failed.Long("attempts"));
        Assert.Equal(0m, failed.Usd("cost_nusd"));
        Assert.Equal("upstream_error", failed.Text("error_code"));
        Assert.Equal(2, rows.Single(r => r.Text("attempt_log")?.Contains(":503:", StringComparison.Ordinal) == true).Long("attempts"));
        var embedding = rows.Single(r => r.Text("endpoint") == "embeddings");
        Assert.True(embedding.Long("input_tokens") > 0);
        Assert.True(embedding.Usd("cost_nusd") > 0); // text-embedding-3-small is priced
    }

    [Fact]
    public async Task A_model_without_a_price_is_served_and_recorded_with_unknown_cost_never_zero()
    {
        var (id, status, _, cost) = await SendAsync("/v1/chat/completions", Chat("mock/house-model-without-price", "unpriced"));

        Assert.Equal(200, status);
        Assert.Equal("unknown", cost);
        var row = Assert.Single(await LedgerRows.WaitForAsync(_gateway, 1, $"request_id = '{id}'"));
        Assert.Null(row["cost_nusd"]);
        Assert.True(row.Long("input_tokens") > 0);
    }

    [Fact]
    public async Task Concurrent_requests_with_failures_and_disconnects_leave_exactly_one_entry_each()
    {
        await LedgerRows.FlushAsync(_gateway);
        var before = (await LedgerRows.ReadAsync(_gateway.DataDir)).Count;
        const int Count = 60;
        var tasks = Enumerable.Range(0, Count).Select(async i =>
        {
            var body = (i % 6) switch
            {
                0 => Chat("gpt-4o-mini", $"concurrent {i}"),
                1 => Chat("claude-sonnet-4", $"concurrent {i}", stream: true),
                2 => Chat("gpt-4o-mini", $"[[fault:500]] concurrent {i}"),
                3 => Chat("gpt-4o-mini", $"concurrent {i} [[fault:disconnect]]", stream: true),
                4 => "{not json",
                _ => Chat("gpt-4o-mini", $"slow {i} [[chunks:30]] [[chunk-delay:100]]", stream: true),
            };
            if (i % 6 == 5)
            {
                // Abandon the slow stream once it has started: the gateway has the request for sure.
                await RawHttp.PostAndAbandonAfterFirstBytesAsync(_gateway.BaseUri, "/v1/chat/completions", body);
                return;
            }

            using var response = await _gateway.PostJsonAsync("/v1/chat/completions", body);
            await response.Content.ReadAsStringAsync();
        });
        await Task.WhenAll(tasks);

        var rows = await LedgerRows.WaitForAsync(_gateway, before + Count, timeoutMs: 30_000);
        var statuses = string.Join(", ", rows.Skip(before).GroupBy(r => $"{r.Long("status")}/{r.Text("error_code")}/{r.Long("streamed")}").Select(g => $"{g.Key}×{g.Count()}"));
        Assert.True(before + Count == rows.Count, $"{rows.Count - before} rows: {statuses}");
        Assert.Equal(rows.Count, rows.Select(r => r.Text("request_id")).Distinct().Count());
        Assert.True(Count / 6 == rows.Skip(before).Count(r => r.Long("status") == 499), statuses); // the abandoned streams
    }
}
