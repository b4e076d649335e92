using System.ClientModel;
using Frugal.Core.Caching.Semantic;
using Frugal.Core.Caching.Semantic.Embedding;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;
using static Frugal.Tests.Functional.CacheTestHelpers;

namespace Frugal.Tests.Functional;

/// <summary>
/// The semantic cache with its defaults (no embedder, no threshold in config): the packaged minilm
/// transformer and its calibrated threshold, through the gateway and the OpenAI SDK. A paraphrase that
/// shares few words with the cached question is served; an unrelated question is not.
/// </summary>
public sealed class TransformerSemanticCacheTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
        => _gateway = await TestGateway.StartAsync(extraJson: """
            , "cache": { "enabled": true, "semantic": { "enabled": true } }
            """);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private async Task<ClientResult<ChatCompletion>> AskAsync(string system, string question)
        => await _gateway.ChatClient("gpt-4o-mini").CompleteChatAsync([new SystemChatMessage(system), new UserChatMessage(question)]);

    private string Calls(string marker) => string.Join(" | ", _gateway.Mock.RecentRequests.Where(r => r.Body.Contains(marker, StringComparison.Ordinal)).Select(r => r.Path + " " + r.Body));

    [Fact]
    public async Task The_default_semantic_cache_runs_minilm_at_its_calibrated_threshold()
    {
        var cache = _gateway.App.Services.GetRequiredService<SemanticCache>();

        Assert.Equal(TransformerModelSpec.MiniLm.EmbedderName, cache.EmbedderName);
        Assert.Equal(CalibratedThresholds.DefaultFor("minilm"), _gateway.App.Services.GetRequiredService<Frugal.Core.Caching.CacheConfig>().Semantic.Threshold);
    }

    [Theory]
    [InlineData("tsem-1", "Why was I charged a fee for my transfer?", "Why did my transfer cost me a fee?", "Which currencies can I hold in my account?")]
    [InlineData("tsem-2", "How do I reset my card PIN?", "How can I change the PIN of my card?", "What is the exchange rate for euros?")]
    public async Task A_paraphrase_is_a_semantic_hit_and_an_unrelated_question_is_not(string marker, string question, string paraphrase, string unrelated)
    {
        var system = $"{marker} You answer banking questions.";
        var first = await AskAsync(system, question);
        var second = await AskAsync(system, paraphrase);
        var third = await AskAsync(system, unrelated);

        Assert.Equal("miss", Outcome(first));
        Assert.Equal("semantic-hit", Outcome(second));
        Assert.Equal(first.Value.Content[0].Text, second.Value.Content[0].Text);
        Assert.Equal("miss", Outcome(third));
        Assert.Contains(unrelated, third.Value.Content[0].Text, StringComparison.Ordinal); // answered by the model, not the cache
        Assert.True(UpstreamCalls(_gateway, paraphrase) == 0, Calls(marker)); // the paraphrase never reached the model
    }
}
