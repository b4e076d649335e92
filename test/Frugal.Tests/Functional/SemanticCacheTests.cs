using System.ClientModel;
using System.Text.Json;
using Frugal.Core.Caching;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;
using static Frugal.Tests.Functional.CacheTestHelpers;

namespace Frugal.Tests.Functional;

/// <summary>
/// The semantic cache (hashing embedder, verifier on) through the gateway. The threshold is lowered
/// to 0.55 here (the default is 0.90) so that every near-miss pair below clears the similarity bar
/// ("what is 2+3" / "what is 2+4" is 0.58 with hashing) and the tests show the verifier deciding;
/// each test uses its own system prompt, so its entries live in their own context.
/// </summary>
public sealed class SemanticCacheTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
        => _gateway = await TestGateway.StartAsync(extraJson: """
            , "cache": { "enabled": true, "semantic": { "enabled": true, "embedder": "hashing", "threshold": 0.55 } }
            """);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private CacheCounters Counters => _gateway.App.Services.GetRequiredService<CacheCounters>();

    private async Task<ClientResult<ChatCompletion>> AskAsync(string system, string question)
        => await _gateway.ChatClient("gpt-4o-mini").CompleteChatAsync([new SystemChatMessage(system), new UserChatMessage(question)]);

    [Fact]
    public async Task A_rephrased_question_in_the_same_context_is_a_semantic_hit_with_its_saving_in_the_ledger()
    {
        const string system = "sem-ctx-1 You answer banking questions.";
        var first = await AskAsync(system, "How do I reset my password?");
        var second = await AskAsync(system, "how do I reset my password");
        var otherContext = await AskAsync("sem-ctx-1b A different system prompt.", "how do I reset my password");

        Assert.Equal("miss", Outcome(first));
        Assert.Equal("semantic-hit", Outcome(second));
        Assert.Equal(first.Value.Content[0].Text, second.Value.Content[0].Text);
        Assert.Equal("miss", Outcome(otherContext)); // only entries with the same context are compared
        Assert.Equal(1, UpstreamCalls(_gateway, "sem-ctx-1 "));

        var rows = await LedgerRows.WaitForAsync(_gateway, 1, $"request_id = '{RequestId(second)}'");
        var row = Assert.Single(rows);
        Assert.Equal("semantic-hit", row.Text("cache_outcome"));
        Assert.Equal(0m, row.Usd("cost_nusd"));
        Assert.True(row.Usd("saved_semantic_cache_nusd") > 0m);
    }

    [Fact]
    public async Task A_streamed_semantic_hit_is_replayed()
    {
        const string system = "sem-ctx-2 You answer banking questions.";
        await AskAsync(system, "Where can I see my card's PIN?");
        var text = new System.Text.StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in _gateway.ChatClient("gpt-4o-mini").CompleteChatStreamingAsync([new SystemChatMessage(system), new UserChatMessage("where can i see my cards pin")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish ??= update.FinishReason;
        }

        Assert.Equal("Mock reply from gpt-4o-mini: Where can I see my card's PIN?", text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.Equal(1, UpstreamCalls(_gateway, "sem-ctx-2 "));
    }

    [Theory]
    [InlineData("sem-ctx-3", "what is 2+3", "what is 2+4")]
    [InlineData("sem-ctx-4", "can I cancel my order", "can't I cancel my order")]
    [InlineData("sem-ctx-5", "Is a transfer to Germany free?", "Is a transfer to France free?")]
    [InlineData("sem-ctx-6", "Can I pay 100 EUR by card?", "Can I pay 100 USD by card?")]
    [InlineData("sem-sym-1", "what does () vs [] mean in python", "what does = vs == mean in python")]
    [InlineData("sem-sym-2", "what does the ~ symbol mean", "what does the ✢ symbol mean")]
    [InlineData("sem-sym-3", "what does git log --oneline show", "what does git log --graph show")]
    [InlineData("sem-sym-4", "translate \"good morning\" to French", "translate \"good night\" to French")]
    [InlineData("sem-sym-5", "what does os.path.join do", "what does os.path.split do")]
    public async Task Similar_questions_with_different_facts_are_rejected_by_the_verifier(string context, string stored, string asked)
    {
        var system = context + " You answer questions.";
        await AskAsync(system, stored);
        var rejectionsBefore = Counters.VerifierRejections;

        var result = await AskAsync(system, asked);

        Assert.Equal("miss", Outcome(result));
        Assert.Contains(asked, result.Value.Content[0].Text, StringComparison.Ordinal);
        Assert.True(Counters.VerifierRejections > rejectionsBefore, "the candidate never reached the verifier: raise the test pair's similarity");
        Assert.Equal(2, UpstreamCalls(_gateway, context + " "));
    }

    [Fact]
    public async Task A_symbol_question_reworded_without_changing_its_symbols_is_still_a_hit()
    {
        const string system = "sem-sym-6 You answer programming questions.";
        await AskAsync(system, "what does = vs == mean in python");

        var reworded = await AskAsync(system, "please, what does = vs == mean in python?");

        Assert.Equal("semantic-hit", Outcome(reworded));
        Assert.Equal(1, UpstreamCalls(_gateway, "sem-sym-6 "));
    }

    [Fact]
    public async Task Feedback_evicts_the_wrong_entry_and_tightens_its_neighbours_so_the_same_question_misses()
    {
        const string system = "sem-ctx-7 You answer banking questions.";
        await AskAsync(system, "How do I top up my account?");
        using (var neighbour = await PostChatAsync(_gateway, JsonSerializer.Serialize(new
        {
            model = "gpt-4o-mini",
            messages = new[] { new { role = "system", content = system }, new { role = "user", content = "How can I top up my account?" } },
        }), cacheDirective: "no-cache"))
        {
            Assert.Equal("bypass", Outcome(neighbour)); // not read, but written: a second entry right next to the first
        }

        var wrong = await AskAsync(system, "how do i top up my account please");
        Assert.Equal("semantic-hit", Outcome(wrong));

        using var feedback = await _gateway.PostJsonAsync("/admin/cache/feedback", $$"""{"request_id":"{{RequestId(wrong)}}","wrong":true}""");
        var answer = JsonDocument.Parse(await feedback.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(200, (int)feedback.StatusCode);
        Assert.True(answer.GetProperty("evicted").GetBoolean());
        Assert.True(answer.GetProperty("semantic").GetBoolean());
        Assert.True(answer.GetProperty("neighbours_tightened").GetInt32() >= 1);
        var again = await AskAsync(system, "how do i top up my account please");
        Assert.Equal("miss", Outcome(again));
        Assert.Equal(3, UpstreamCalls(_gateway, "sem-ctx-7 "));
    }

    [Fact]
    public async Task Feedback_on_an_exact_hit_evicts_it()
    {
        var first = await AskAsync("sem-ctx-8 Exact.", "exact feedback probe");
        var hit = await AskAsync("sem-ctx-8 Exact.", "exact feedback probe");
        Assert.Equal("hit", Outcome(hit));

        using var feedback = await _gateway.PostJsonAsync("/admin/cache/feedback", $$"""{"request_id":"{{RequestId(hit)}}","wrong":true}""");
        Assert.Equal(200, (int)feedback.StatusCode);
        Assert.True(JsonDocument.Parse(await feedback.Content.ReadAsStringAsync()).RootElement.GetProperty("exact").GetBoolean());

        var after = await AskAsync("sem-ctx-8 Exact.", "exact feedback probe");
        Assert.Equal("miss", Outcome(after));
        Assert.Equal("miss", Outcome(first));
    }

    [Theory]
    [InlineData("""{"request_id":"req_does_not_exist","wrong":true}""", 404, "cache_entry_not_found")]
    [InlineData("""{"wrong":true}""", 400, null)]
    [InlineData("""{"request_id":"x","wrong":"yes"}""", 400, null)]
    [InlineData("""not json""", 400, null)]
    public async Task Bad_feedback_gets_an_openai_shaped_error(string body, int status, string? code)
    {
        using var response = await _gateway.PostJsonAsync("/admin/cache/feedback", body);

        await OpenAIError.AssertAsync(response, status, code);
    }
}

/// <summary>The http embedder through a configured provider (MockUpstream's /v1/embeddings: same text, same vector).</summary>
public sealed class HttpEmbedderCacheTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
        => _gateway = await TestGateway.StartAsync(extraJson: """
            , "cache": { "enabled": true, "semantic": { "enabled": true, "embedder": "http", "embedderProvider": "mock", "embedderModel": "text-embedding-mock" } }
            """);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task The_semantic_cache_embeds_through_the_configured_provider()
    {
        using var miss = await PostChatAsync(_gateway, """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"http-embed-1 What is my balance?"}]}""");
        using var hit = await PostChatAsync(_gateway, """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"  http-embed-1 What is my balance?\n"}]}""");

        Assert.Equal("miss", Outcome(miss));
        Assert.Equal("semantic-hit", Outcome(hit)); // a different exact key, the same embedded text
        Assert.Equal(1, UpstreamCalls(_gateway, "http-embed-1"));
        var embeddingCalls = _gateway.Mock.RecentRequests.Where(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal) && r.Body.Contains("http-embed-1", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(embeddingCalls);
        Assert.Contains("text-embedding-mock", embeddingCalls[0].Body, StringComparison.Ordinal);
        Assert.Equal("Bearer " + TestGateway.ProviderSecret, embeddingCalls[0].Header("Authorization"));
    }
}
