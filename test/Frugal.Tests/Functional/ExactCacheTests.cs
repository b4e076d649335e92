using System.ClientModel;
using System.Text.Json;
using Frugal.Core.Caching;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;
using static Frugal.Tests.Functional.CacheTestHelpers;

namespace Frugal.Tests.Functional;

/// <summary>The exact cache through the real gateway, the official OpenAI SDK and MockUpstream.</summary>
public sealed class ExactCacheTests(ExactCacheFixture fixture) : IClassFixture<ExactCacheFixture>
{
    private TestGateway Gateway => fixture.Gateway;

    private CacheCounters Counters => Gateway.App.Services.GetRequiredService<CacheCounters>();

    [Fact]
    public async Task An_identical_request_is_a_hit_that_costs_nothing_and_records_what_it_saved()
    {
        var client = Gateway.ChatClient("gpt-4o-mini");
        ChatMessage[] messages = [new SystemChatMessage("Be brief."), new UserChatMessage("exact-hit-1 What is a gateway?")];

        var miss = await client.CompleteChatAsync(messages);
        var hit = await client.CompleteChatAsync(messages);

        Assert.Equal("miss", Outcome(miss));
        Assert.Equal("hit", Outcome(hit));
        Assert.Equal(1, UpstreamCalls(Gateway, "exact-hit-1"));
        Assert.Equal(miss.Value.Content[0].Text, hit.Value.Content[0].Text);
        Assert.Equal(miss.Value.FinishReason, hit.Value.FinishReason);
        Assert.Equal(miss.Value.Usage.InputTokenCount, hit.Value.Usage.InputTokenCount);
        Assert.Equal(miss.Value.Usage.OutputTokenCount, hit.Value.Usage.OutputTokenCount);
        Assert.Equal("0", Header(hit, "x-frugal-cost-usd"));
        Assert.NotEqual("0", Header(miss, "x-frugal-cost-usd"));

        var rows = await LedgerRows.WaitForAsync(Gateway, 2, $"request_id IN ('{RequestId(miss)}', '{RequestId(hit)}')");
        var missRow = rows.Single(r => r.Text("request_id") == RequestId(miss));
        var hitRow = rows.Single(r => r.Text("request_id") == RequestId(hit));
        Assert.Equal("miss", missRow.Text("cache_outcome"));
        Assert.Equal("hit", hitRow.Text("cache_outcome"));
        Assert.Equal(0m, hitRow.Usd("cost_nusd"));
        Assert.True(missRow.Usd("cost_nusd") > 0m);
        Assert.Equal(missRow.Usd("cost_nusd"), hitRow.Usd("saved_cache_nusd")); // the same call, at the same prices
        Assert.Equal(hitRow.Usd("saved_cache_nusd"), hitRow.Usd("saved_nusd"));
        Assert.Equal(0, hitRow.Long("attempts"));
        Assert.Equal("gpt-4o-mini", hitRow.Text("model"));
    }

    [Fact]
    public async Task A_streamed_hit_replays_the_same_content_finish_reason_and_usage()
    {
        var client = Gateway.ChatClient("gpt-4o-mini");
        const string prompt = "exact-stream-1 Stream me a sentence [[chunks:5]]";

        var first = await StreamAsync(client, prompt);
        var second = await StreamAsync(client, prompt);

        Assert.Equal(1, UpstreamCalls(Gateway, "exact-stream-1"));
        Assert.StartsWith("Mock reply from gpt-4o-mini: exact-stream-1", first.Text, StringComparison.Ordinal);
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(ChatFinishReason.Stop, second.Finish);
        Assert.NotNull(second.Usage);
        Assert.Equal(first.Usage!.InputTokenCount, second.Usage.InputTokenCount);
        Assert.Equal(first.Usage.OutputTokenCount, second.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task Streamed_tool_calls_are_replayed_with_their_ids_arguments_and_finish_reason_and_the_cost_line_says_zero()
    {
        const string body = """
            {"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},
             "messages":[{"role":"user","content":"exact-tools-1 weather in Paris [[chunks:4]]"}],
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]}
            """;

        using var miss = await PostChatAsync(Gateway, body);
        var missBody = await miss.Content.ReadAsStringAsync();
        using var hit = await PostChatAsync(Gateway, body);
        var hitBody = await hit.Content.ReadAsStringAsync();

        Assert.Equal("miss", Outcome(miss));
        Assert.Equal("hit", Outcome(hit));
        Assert.Equal(1, UpstreamCalls(Gateway, "exact-tools-1"));
        Assert.Equal(ToolCalls(missBody), ToolCalls(hitBody));
        Assert.Contains("get_weather", ToolCalls(hitBody), StringComparison.Ordinal);
        Assert.Equal(["tool_calls"], FinishReasons(hitBody));
        Assert.Equal(UsageOf(missBody), UsageOf(hitBody));
        Assert.Contains("x-frugal-cost-usd: 0", Sse.Comments(hitBody));
        Assert.Equal("[DONE]", Sse.DataFrames(hitBody)[^1]);

        var hitId = hit.Headers.GetValues("x-frugal-request-id").Single();
        var row = Assert.Single(await LedgerRows.WaitForAsync(Gateway, 1, $"request_id = '{hitId}'"));
        Assert.Equal("hit", row.Text("cache_outcome"));
        Assert.Equal(1, row.Long("streamed"));
        Assert.Equal(0m, row.Usd("cost_nusd"));
        Assert.Equal(0, row.Long("usage_estimated")); // nothing was billed, so nothing is estimated
        Assert.Equal(0, row.Long("output_tokens"));
        Assert.True(row.Usd("saved_cache_nusd") > 0m);
    }

    [Fact]
    public async Task Streamed_and_non_streamed_requests_share_one_entry_both_ways()
    {
        var client = Gateway.ChatClient("gpt-4o-mini");

        var streamed = await StreamAsync(client, "exact-cross-1 stream first [[chunks:3]]");
        var fromStream = await client.CompleteChatAsync([new UserChatMessage("exact-cross-1 stream first [[chunks:3]]")]);
        var json = await client.CompleteChatAsync([new UserChatMessage("exact-cross-2 json first")]);
        var fromJson = await StreamAsync(client, "exact-cross-2 json first");

        Assert.Equal("hit", Outcome(fromStream));
        Assert.Equal(streamed.Text, fromStream.Value.Content[0].Text);
        Assert.Equal(streamed.Usage!.OutputTokenCount, fromStream.Value.Usage.OutputTokenCount);
        Assert.Equal(json.Value.Content[0].Text, fromJson.Text);
        Assert.Equal(ChatFinishReason.Stop, fromJson.Finish);
        Assert.Equal(1, UpstreamCalls(Gateway, "exact-cross-1"));
        Assert.Equal(1, UpstreamCalls(Gateway, "exact-cross-2"));
    }

    [Fact]
    public async Task No_cache_skips_the_read_no_store_skips_the_write_and_both_bypass()
    {
        const string body = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"exact-directives-1"}]}""";

        using (var first = await PostChatAsync(Gateway, body, "no-store"))
        {
            Assert.Equal("miss", Outcome(first));
        }

        using (var second = await PostChatAsync(Gateway, body))
        {
            Assert.Equal("miss", Outcome(second)); // the no-store answer was not kept; this one is
        }

        using (var third = await PostChatAsync(Gateway, body, "no-cache"))
        {
            Assert.Equal("bypass", Outcome(third));
        }

        using (var fourth = await PostChatAsync(Gateway, body, "No-Cache, no-store"))
        {
            Assert.Equal("bypass", Outcome(fourth));
        }

        using (var fifth = await PostChatAsync(Gateway, body, "no-store"))
        {
            Assert.Equal("hit", Outcome(fifth)); // no-store still reads
        }

        Assert.Equal(4, UpstreamCalls(Gateway, "exact-directives-1"));
    }

    [Fact]
    public async Task A_per_request_ttl_expires_the_entry()
    {
        // Its own gateway (the fixture's config) on a fake clock: the entry expires when the test moves the clock.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await TestGateway.StartAsync(extraJson: ExactCacheFixture.CacheJson, time: clock);
        const string body = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"exact-ttl-1"}]}""";
        using (var miss = await PostChatAsync(gateway, body, "ttl=1"))
        {
            Assert.Equal("miss", Outcome(miss));
        }

        clock.Advance(TimeSpan.FromSeconds(1.5));
        using var after = await PostChatAsync(gateway, body);

        Assert.Equal("miss", Outcome(after));
        Assert.Equal(2, UpstreamCalls(gateway, "exact-ttl-1"));
    }

    [Theory]
    [InlineData("""{"model":"gpt-4o-mini","temperature":1.5,"messages":[{"role":"user","content":"exact-hot-1"}]}""", "exact-hot-1")]
    [InlineData("""{"model":"gpt-4o-mini","logprobs":true,"messages":[{"role":"user","content":"exact-logprobs-1"}]}""", "exact-logprobs-1")]
    [InlineData("""{"model":"azure-gpt-4o","messages":[{"role":"user","content":"exact-model-off-1"}]}""", "exact-model-off-1")]
    public async Task Uncacheable_requests_bypass_the_cache(string body, string marker)
    {
        using (var first = await PostChatAsync(Gateway, body))
        {
            Assert.Equal(200, (int)first.StatusCode);
            Assert.Equal("bypass", Outcome(first));
        }

        using (var second = await PostChatAsync(Gateway, body))
        {
            Assert.Equal("bypass", Outcome(second));
        }

        Assert.Equal(2, UpstreamCalls(Gateway, marker));
    }

    [Theory]
    [InlineData("max-age=5")]
    [InlineData("ttl=abc")]
    [InlineData("ttl=0")]
    [InlineData("no-cache, sometimes")]
    public async Task A_bad_directive_is_an_openai_shaped_400_naming_the_header(string directive)
    {
        using var response = await PostChatAsync(Gateway, """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"exact-bad-directive"}]}""", directive);

        var error = await OpenAIError.AssertAsync(response, 400, "invalid_cache_directive");
        Assert.Equal("x-frugal-cache", error.GetProperty("param").GetString());
        Assert.Contains("no-cache, no-store or ttl=SECONDS", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, UpstreamCalls(Gateway, "exact-bad-directive"));
    }

    [Fact]
    public async Task Fifty_concurrent_identical_misses_make_exactly_one_upstream_call()
    {
        var client = Gateway.ChatClient("gpt-4o-mini");
        var waitsBefore = Counters.FlightWaits;
        var hitsBefore = Counters.Hits;

        var calls = Enumerable.Range(0, 50).Select(async _ =>
        {
            var result = await client.CompleteChatAsync([new UserChatMessage("exact-flight-1 [[latency:1500]]")]);
            return (Text: result.Value.Content[0].Text, Outcome: Outcome(result));
        }).ToList();
        var results = await Task.WhenAll(calls);

        Assert.Equal(1, UpstreamCalls(Gateway, "exact-flight-1"));
        Assert.Single(results.Select(r => r.Text).Distinct());
        Assert.Equal(1, results.Count(r => r.Outcome == "miss"));
        Assert.Equal(49, results.Count(r => r.Outcome == "hit"));
        Assert.Equal(49, Counters.Hits - hitsBefore);
        Assert.True(Counters.FlightWaits - waitsBefore > 0, "no request waited for the in-flight miss");
    }

    [Fact]
    public async Task When_the_leader_fails_one_waiter_retries_and_the_others_get_its_answer()
    {
        const string body = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"exact-leader-fails-1 [[latency:300]] [[fault:500:times=3:key=exact-leader-fails-1]]"}]}""";
        var waitsBefore = Counters.FlightWaits;

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var response = await PostChatAsync(Gateway, body);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }));

        // The first leader used all three attempts (dispatch retries) on the three injected 500s; the
        // next leader's single call succeeded and every other request got that answer.
        Assert.Equal(4, UpstreamCalls(Gateway, "exact-leader-fails-1"));
        Assert.Equal(1, responses.Count(r => r.Item1 == 502));
        var answers = responses.Where(r => r.Item1 == 200).Select(r => JsonDocument.Parse(r.Item2).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()).ToList();
        Assert.Equal(19, answers.Count);
        Assert.Single(answers.Distinct());
        Assert.True(Counters.FlightWaits - waitsBefore > 0, "no request waited for the failing leader");
    }

    private static string ToolCalls(string sseBody)
    {
        var calls = new SortedDictionary<int, (string? Id, string? Name, string Arguments)>();
        foreach (var chunk in Sse.JsonChunks(sseBody))
        {
            foreach (var choice in chunk.GetProperty("choices").EnumerateArray())
            {
                if (!choice.GetProperty("delta").TryGetProperty("tool_calls", out var toolCalls))
                {
                    continue;
                }

                foreach (var call in toolCalls.EnumerateArray())
                {
                    var index = call.GetProperty("index").GetInt32();
                    var current = calls.GetValueOrDefault(index, (null, null, string.Empty));
                    var function = call.TryGetProperty("function", out var f) ? f : default;
                    calls[index] = (
                        current.Id ?? (call.TryGetProperty("id", out var id) ? id.GetString() : null),
                        current.Name ?? (function.ValueKind == JsonValueKind.Object && function.TryGetProperty("name", out var name) ? name.GetString() : null),
                        current.Arguments + (function.ValueKind == JsonValueKind.Object && function.TryGetProperty("arguments", out var args) ? args.GetString() : string.Empty));
                }
            }
        }

        return string.Join(";", calls.Select(c => $"{c.Key}:{c.Value.Id}:{c.Value.Name}:{c.Value.Arguments}"));
    }

    private static List<string> FinishReasons(string sseBody)
        => Sse.JsonChunks(sseBody).SelectMany(c => c.GetProperty("choices").EnumerateArray())
            .Where(c => c.TryGetProperty("finish_reason", out var f) && f.ValueKind == JsonValueKind.String)
            .Select(c => c.GetProperty("finish_reason").GetString()!).ToList();

    private static string UsageOf(string sseBody)
    {
        var usage = Sse.JsonChunks(sseBody).Last(c => c.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object).GetProperty("usage");
        return $"{usage.GetProperty("prompt_tokens").GetInt64()}/{usage.GetProperty("completion_tokens").GetInt64()}/{usage.GetProperty("total_tokens").GetInt64()}";
    }
}
