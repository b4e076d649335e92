using Frugal.Core.Compression;
using Frugal.Tests.Infrastructure;
using OpenAI.Chat;

namespace Frugal.Tests.Compression;

/// <summary>
/// <c>history.summarizeDropped</c> through the official OpenAI SDK: a route whose dearest model answers (Anthropic wire)
/// while its cheapest one (gpt-4o-mini, OpenAI wire) writes the summary, both on MockUpstream, which records each call.
/// </summary>
public sealed class CompressionSummaryFunctionalTests : IAsyncLifetime
{
    private const string Config = """
        , "routes": { "hist": { "targets": ["claude-sonnet-4", "gpt-4o-mini"] } },
          "compression": {
            "enabled": true, "techniques": ["history"], "minPromptTokens": 300,
            "history": { "thresholdTokens": 3000, "keepTokens": 1500, "summarizeDropped": true }
          }
        """;

    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(extraJson: Config);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task The_cheapest_model_of_the_route_summarises_the_dropped_turns_once_and_the_ledger_carries_its_cost()
    {
        var marker = Guid.NewGuid().ToString("N");
        var conversation = new List<ChatMessage> { new SystemChatMessage("You are terse. " + marker) };
        var filler = string.Concat(Enumerable.Repeat("more context words ", 60)); // ~180 tokens a turn
        for (var turn = 0; turn < 24; turn++)
        {
            conversation.Add(new UserChatMessage($"turn {turn} {marker}: {filler}"));
            if (turn < 23)
            {
                conversation.Add(new AssistantChatMessage($"ok {turn}"));
            }
        }

        var first = await _gateway.ChatClient("hist").CompleteChatAsync(conversation);
        var second = await _gateway.ChatClient("hist").CompleteChatAsync(conversation);

        Assert.StartsWith("Mock reply from claude-sonnet-4", first.Value.Content[0].Text, StringComparison.Ordinal);
        var summaryCalls = _gateway.Mock.RecentRequests.Where(r => r.Body.Contains("You summarise the earlier part", StringComparison.Ordinal) && r.Body.Contains(marker, StringComparison.Ordinal)).ToList();
        var summaryCall = Assert.Single(summaryCalls); // the second request took the cached summary
        Assert.Equal("/v1/chat/completions", summaryCall.Path);
        Assert.Contains("\"model\":\"gpt-4o-mini\"", summaryCall.Body, StringComparison.Ordinal);
        Assert.Contains($"turn 0 {marker}", summaryCall.Body, StringComparison.Ordinal);

        var answers = _gateway.Mock.RecentRequests.Where(r => r.Path == "/v1/messages" && r.Body.Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, answers.Count);
        foreach (var answer in answers)
        {
            Assert.Contains(DroppedTurnSummarizer.NotePrefix[..60], answer.Body, StringComparison.Ordinal);
            Assert.Contains("Mock reply from gpt-4o-mini", answer.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("\"ok 0\"", answer.Body, StringComparison.Ordinal); // the first assistant turn was dropped
        }

        Assert.Equal(answers[0].Body, answers[1].Body); // same note, same bytes: the provider's cached prefix holds
        var rows = await LedgerRows.WaitForAsync(_gateway, 2, $"requested_model = 'hist' AND compression_summary_nusd IS NOT NULL AND request_id IN ('{Id(first)}', '{Id(second)}')");
        var paid = rows.Single(r => r.Long("compression_summary_nusd") > 0);
        var cached = rows.Single(r => r.Long("compression_summary_nusd") == 0);
        Assert.True(paid.Long("cost_nusd") > cached.Long("cost_nusd"), "the summary's cost is part of the request that paid for it");
        Assert.Equal(paid.Long("cost_nusd") - paid.Long("compression_summary_nusd"), cached.Long("cost_nusd"));
        Assert.True(paid.Long("compression_tokens_before") > 2 * paid.Long("compression_tokens_after"));
        Assert.True(cached.Long("saved_compression_nusd") > paid.Long("saved_compression_nusd"), "the saving is net of the summary's cost");
    }

    private static string Id(System.ClientModel.ClientResult<ChatCompletion> result)
        => result.GetRawResponse().Headers.TryGetValue("x-frugal-request-id", out var id) ? id! : throw new InvalidOperationException("no x-frugal-request-id header");
}
