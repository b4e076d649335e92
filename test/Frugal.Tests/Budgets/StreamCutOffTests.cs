using System.Text;
using System.Text.Json;
using Frugal.Tests.Infrastructure;
using OpenAI.Chat;

namespace Frugal.Tests.Budgets;

/// <summary>
/// A stream that reaches the key's output cap or what is left of its budget stops cleanly: the text up to
/// the cap, finish_reason "length", an x_frugal_note on the final chunk, usage, and [DONE] — and the ledger
/// records what was delivered.
/// </summary>
public sealed class StreamCutOffTests
{
    [Fact]
    public async Task A_stream_stops_at_the_keys_output_cap_with_finish_reason_length_usage_and_a_note()
    {
        await using var gateway = await BudgetTesting.StartAsync("""
            { "rateLimits": [ { "scope": "key", "subject": "anonymous", "maxOutputTokens": 20 } ] }
            """);
        var client = gateway.ChatClient("gpt-4o-mini");

        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Tell me a long story [[tokens:100]] [[chunks:50]]")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal(ChatFinishReason.Length, finish);
        Assert.Equal(20, usage!.OutputTokenCount);
        Assert.InRange(Frugal.Core.Budgets.PromptTokenCounter.Count(text.ToString()), 15, 20); // counted per chunk; re-tokenising the joined text may merge a boundary

        using var raw = await gateway.PostJsonAsync("/v1/chat/completions",
            """{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Another long story [[tokens:100]] [[chunks:50]]"}]}""");
        var body = await raw.Content.ReadAsStringAsync();
        var chunks = Sse.JsonChunks(body).ToList();
        var last = chunks[^1];
        Assert.Equal("length", last.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Contains("the key's output cap of 20 tokens", last.GetProperty("x_frugal_note").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain(chunks, c => c.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object); // no usage chunk: this client did not ask

        var rows = await LedgerRows.WaitForAsync(gateway, 2);
        Assert.All(rows, r => Assert.Equal((200L, 20L, 1L), (r.Long("status"), r.Long("output_tokens"), r.Long("usage_estimated"))));
    }

    [Fact]
    public async Task A_stream_stops_where_the_remaining_budget_runs_out_and_the_spend_stays_within_it()
    {
        const decimal limit = 0.00003m;
        await using var gateway = await BudgetTesting.StartAsync($$"""
            { "limits": [ { "id": "tiny", "scope": "global", "window": "daily", "usd": {{limit}} } ] }
            """);

        using var raw = await gateway.PostJsonAsync("/v1/chat/completions",
            """{"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Write an essay [[tokens:400]] [[chunks:100]]"}]}""");
        var body = await raw.Content.ReadAsStringAsync();

        var chunks = Sse.JsonChunks(body).ToList();
        var finish = chunks.Single(c => c.GetProperty("choices").GetArrayLength() > 0 && c.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind == JsonValueKind.String);
        Assert.Equal("length", finish.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Contains("what is left of the budget (tiny)", finish.GetProperty("x_frugal_note").GetString(), StringComparison.Ordinal);
        var usage = chunks[^1].GetProperty("usage");
        var output = usage.GetProperty("completion_tokens").GetInt64();
        Assert.InRange(output, 16, 399); // cut well before the 400 tokens upstream would send

        var row = (await LedgerRows.WaitForAsync(gateway, 1)).Single();
        Assert.Equal(output, row.Long("output_tokens"));
        Assert.True(row.Usd("cost_nusd") <= limit, $"cost {row.Usd("cost_nusd")} > {limit}");
        Assert.True(row.Usd("cost_nusd") > limit * 0.9m, "the grant pays for (almost) all of what is left");
    }
}
