using System.Text;
using System.Text.Json;
using Frugal.Tests.Infrastructure;
using OpenAI.Chat;

namespace Frugal.Tests.Functional;

/// <summary>
/// Privacy end to end: the official OpenAI SDK → gateway (privacy on, exact cache on) → MockUpstream, which records
/// every body it got. No original value ever reaches it; JSON, streamed and tool-call answers come back restored;
/// the ledger row and /metrics count the entities.
/// </summary>
public sealed class PrivacyFunctionalTests : IAsyncLifetime
{
    private const string Email = "li.wei@example.cn";
    private const string Mobile = "13812345678";
    private const string ResidentId = "11010519491231002X";
    private const string Config = """
        , "privacy": { "enabled": true, "denyLists": [ { "name": "PROJECT", "values": ["Nightjar"] } ] },
          "cache": { "enabled": true }
        """;

    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(extraJson: Config);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private static string Prompt(string tail = "") => $"Email {Email}, 手机{Mobile}, 身份证{ResidentId} about Nightjar{tail}";

    [Fact]
    public async Task A_json_answer_is_restored_and_the_upstream_saw_only_placeholders()
    {
        ChatCompletion completion = await _gateway.ChatClient("gpt-4o-mini").CompleteChatAsync([new UserChatMessage(Prompt())]);

        Assert.Equal($"Mock reply from gpt-4o-mini: {Prompt()}", completion.Content[0].Text);
        AssertEveryUpstreamBody(body => Assert.Contains("Email <EMAIL_1>, 手机<PHONE_1>, 身份证<CN_ID_1> about <PROJECT_1>", body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_streamed_answer_is_restored_across_chunk_boundaries()
    {
        var text = new StringBuilder();
        await foreach (var update in _gateway.ChatClient("gpt-4o-mini").CompleteChatStreamingAsync([new UserChatMessage(Prompt(" [[chunks:23]]"))]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        Assert.Equal($"Mock reply from gpt-4o-mini: {Prompt()}", text.ToString());
        AssertEveryUpstreamBody(_ => { });
    }

    [Fact]
    public async Task Tool_call_arguments_are_restored_in_json_values()
    {
        var tool = ChatTool.CreateFunctionTool("lookup", "Look a customer up", BinaryData.FromString("""{"type":"object","properties":{"input":{"type":"string"}}}"""));
        var options = new ChatCompletionOptions { Tools = { tool }, ToolChoice = ChatToolChoice.CreateFunctionChoice("lookup") };

        ChatCompletion completion = await _gateway.ChatClient("gpt-4o-mini").CompleteChatAsync([new UserChatMessage(Prompt())], options);

        using var arguments = JsonDocument.Parse(completion.ToolCalls[0].FunctionArguments.ToString());
        Assert.Equal(Prompt(), arguments.RootElement.GetProperty("input").GetString());
        AssertEveryUpstreamBody(_ => { });
    }

    [Fact]
    public async Task The_next_turn_masks_the_same_way_so_the_exact_cache_answers_it()
    {
        var client = _gateway.ChatClient("gpt-4o-mini");
        ChatCompletion first = await client.CompleteChatAsync([new UserChatMessage(Prompt())]);
        var upstreamCalls = _gateway.Mock.RecentRequests.Count;
        ChatCompletion again = await client.CompleteChatAsync([new UserChatMessage(Prompt())]);

        Assert.Equal(first.Content[0].Text, again.Content[0].Text);
        Assert.Equal(upstreamCalls, _gateway.Mock.RecentRequests.Count); // the second came from the cache, whose key saw only placeholders
    }

    [Fact]
    public async Task Embeddings_inputs_are_masked()
    {
        var embeddings = _gateway.OpenAIClient().GetEmbeddingClient("mock/text-embedding-3-small");

        await embeddings.GenerateEmbeddingAsync(Prompt());

        AssertEveryUpstreamBody(body => Assert.Contains("<EMAIL_1>", body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_ledger_row_and_metrics_count_entities_by_type()
    {
        await _gateway.ChatClient("gpt-4o-mini").CompleteChatAsync([new UserChatMessage(Prompt())]);
        await LedgerRows.FlushAsync(_gateway);

        var row = Assert.Single(await LedgerRows.ReadAsync(_gateway.DataDir));
        Assert.Equal("""{"CN_RESIDENT_ID":1,"EMAIL_ADDRESS":1,"PHONE_NUMBER":1,"PROJECT":1}""", row["pii_entities"]);
        var metrics = await _gateway.Http.GetStringAsync("/metrics");
        Assert.Contains("frugal_pii_entities_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("entity=\"CN_RESIDENT_ID\"", metrics, StringComparison.Ordinal);
        AssertNoOriginal(metrics);
    }

    /// <summary>Every body the upstream got (a slow machine may make dispatch retry: each attempt is checked).</summary>
    private void AssertEveryUpstreamBody(Action<string> check)
    {
        Assert.NotEmpty(_gateway.Mock.RecentRequests);
        foreach (var request in _gateway.Mock.RecentRequests)
        {
            AssertNoOriginal(request.Body);
            check(request.Body);
        }
    }

    private static void AssertNoOriginal(string text)
    {
        foreach (var original in new[] { Email, Mobile, ResidentId, "Nightjar" })
        {
            Assert.DoesNotContain(original, text, StringComparison.Ordinal);
        }
    }
}
