using System.Text;
using System.Text.Json;
using Frugal.Tests.Infrastructure;
using OpenAI.Chat;

namespace Frugal.Tests.Functional;

/// <summary>The official OpenAI .NET SDK, pointed at the gateway, against both provider kinds.</summary>
public sealed class ChatThroughSdkTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private TestGateway Gateway => fixture.Gateway;

    public static TheoryData<string, string> Models => new()
    {
        { "gpt-4o-mini", "gpt-4o-mini" },
        { "claude-sonnet-4", "claude-sonnet-4-20250514" },
        { "azure-gpt-4o", "my-gpt4o-deployment" },
        { "mock/gpt-4o", "gpt-4o" },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public async Task Non_streaming_chat_returns_the_upstream_answer_and_usage(string model, string upstreamModel)
    {
        var client = Gateway.ChatClient(model);

        ChatCompletion completion = await client.CompleteChatAsync([new SystemChatMessage("Be brief."), new UserChatMessage("What is a gateway?")]);

        Assert.Equal($"Mock reply from {upstreamModel}: What is a gateway?", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.True(completion.Usage.InputTokenCount > 5);
        Assert.True(completion.Usage.OutputTokenCount > 5);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task Streaming_chat_delivers_the_same_text_in_chunks_with_usage(string model, string upstreamModel)
    {
        var client = Gateway.ChatClient(model);
        var text = new StringBuilder();
        var updates = 0;
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;

        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Stream me a sentence [[chunks:5]]")]))
        {
            updates++;
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        Assert.Equal($"Mock reply from {upstreamModel}: Stream me a sentence", text.ToString());
        Assert.True(updates >= 5, $"expected the answer in several chunks, got {updates}");
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.True(usage.InputTokenCount > 0 && usage.OutputTokenCount > 0);
    }

    [Theory]
    [InlineData("gpt-4o-mini", false)]
    [InlineData("gpt-4o-mini", true)]
    [InlineData("claude-sonnet-4", false)]
    [InlineData("claude-sonnet-4", true)]
    public async Task Tool_calls_round_trip_through_both_provider_kinds(string model, bool stream)
    {
        var client = Gateway.ChatClient(model);
        var weather = ChatTool.CreateFunctionTool(
            "get_weather",
            "Current weather for a city",
            BinaryData.FromString("""{"type":"object","properties":{"input":{"type":"string"}},"required":["input"]}"""));
        var options = new ChatCompletionOptions { Tools = { weather } };
        List<ChatMessage> messages = [new UserChatMessage("Weather in Paris?")];

        var (toolCallId, toolName, arguments) = stream
            ? await StreamedToolCallAsync(client, messages, options)
            : await ToolCallAsync(client, messages, options);

        Assert.Equal("get_weather", toolName);
        Assert.Equal("Weather in Paris?", JsonDocument.Parse(arguments).RootElement.GetProperty("input").GetString());

        messages.Add(new AssistantChatMessage([ChatToolCall.CreateFunctionToolCall(toolCallId, toolName, BinaryData.FromString(arguments))]));
        messages.Add(new ToolChatMessage(toolCallId, "18 degrees and sunny"));
        ChatCompletion answer = await client.CompleteChatAsync(messages, options);

        Assert.Equal(ChatFinishReason.Stop, answer.FinishReason);
        Assert.Contains("tool said 18 degrees and sunny", answer.Content[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Response_format_json_object_passes_through()
    {
        var client = Gateway.ChatClient("gpt-4o-mini");
        var options = new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat() };

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Answer in JSON")], options);

        var json = JsonDocument.Parse(completion.Content[0].Text);
        Assert.StartsWith("Mock reply from gpt-4o-mini", json.RootElement.GetProperty("answer").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_endpoint_lists_the_configured_models()
    {
        var models = Gateway.OpenAIClient().GetOpenAIModelClient();

        var list = await models.GetModelsAsync();

        var ids = list.Value.Select(m => m.Id).ToList();
        Assert.Contains("gpt-4o-mini", ids);
        Assert.Contains("claude-sonnet-4", ids);
        Assert.Contains("azure-gpt-4o", ids);
    }

    [Fact]
    public async Task Embeddings_are_forwarded_to_the_provider()
    {
        var embeddings = Gateway.OpenAIClient().GetEmbeddingClient("mock/text-embedding-3-small");

        var result = await embeddings.GenerateEmbeddingAsync("hello world");

        var vector = result.Value.ToFloats();
        Assert.Equal(16, vector.Length);
        var norm = Math.Sqrt(vector.ToArray().Sum(v => (double)v * v));
        Assert.InRange(norm, 0.99, 1.01);
    }

    private static async Task<(string Id, string Name, string Arguments)> ToolCallAsync(ChatClient client, List<ChatMessage> messages, ChatCompletionOptions options)
    {
        ChatCompletion completion = await client.CompleteChatAsync(messages, options);
        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        var call = Assert.Single(completion.ToolCalls);
        return (call.Id, call.FunctionName, call.FunctionArguments.ToString());
    }

    private static async Task<(string Id, string Name, string Arguments)> StreamedToolCallAsync(ChatClient client, List<ChatMessage> messages, ChatCompletionOptions options)
    {
        string? id = null;
        string? name = null;
        var arguments = new StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in client.CompleteChatStreamingAsync(messages, options))
        {
            foreach (var part in update.ToolCallUpdates)
            {
                id ??= part.ToolCallId;
                name ??= part.FunctionName;
                arguments.Append(part.FunctionArgumentsUpdate?.ToString());
            }

            finish ??= update.FinishReason;
        }

        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        return (id!, name!, arguments.ToString());
    }
}
