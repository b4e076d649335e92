using System.Text.Json;
using Frugal.Core.Accounting;
using Frugal.Core.Caching;
using Frugal.Core.Pipeline;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;

namespace Frugal.Tests.Caching;

public sealed class CachedAnswerTests
{
    private const string Completion = """
        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",
         "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{\"q\":\"x\"}"}}]},"logprobs":null,"finish_reason":"tool_calls"},
                    {"index":1,"message":{"role":"assistant","content":"Second answer"},"logprobs":null,"finish_reason":"stop"}],
         "usage":{"prompt_tokens":20,"completion_tokens":9,"total_tokens":29,"prompt_tokens_details":{"cached_tokens":4}}}
        """;

    private static CachedAnswer Answer()
    {
        var response = JsonSerializer.Deserialize(Completion, ProtocolJson.Context.ChatCompletionResponse)!;
        var request = GatewayRequest.ForChat("req_origin", Frugal.Core.Pipeline.Tenant.Anonymous, new ChatCompletionRequest { Model = "gpt-4o-mini" }, 0);
        var provider = new Frugal.Core.Configuration.ProviderConfig { Name = "mock", BaseUrl = new Uri("http://127.0.0.1:9/") };
        request.Features.Set(new Frugal.Core.Routing.RoutingFeature { Target = new Frugal.Core.Routing.RouteTarget(provider, "gpt-4o-mini", "gpt-4o-mini") });
        var upstream = request.Features.GetOrAdd<Frugal.Core.Dispatch.UpstreamCallFeature>();
        upstream.Provider = "mock";
        upstream.UpstreamModel = "gpt-4o-mini";
        upstream.ReportUsage(new TokenUsage(20, 4, 0, 0, 9, 0));
        return CachedAnswer.From(new ChatCompletion(response, System.Text.Encoding.UTF8.GetBytes(Completion)), request)!;
    }

    [Fact]
    public void The_payload_round_trips_with_the_original_bytes_and_provenance()
    {
        var answer = Answer();

        var back = CachedAnswer.FromPayload(answer.ToPayload())!;

        Assert.Equal(Completion, System.Text.Encoding.UTF8.GetString(back.CompletionJson.Span));
        Assert.Equal("mock", back.Provider);
        Assert.Equal("req_origin", back.OriginRequestId);
        Assert.Equal("gpt-4o-mini", back.ResolvedModel);
        Assert.Equal(new TokenUsage(20, 4, 0, 0, 9, 0), back.Usage);
        Assert.Equal(2, back.Response.Choices.Count);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"v":99,"completion":{}}""")]
    [InlineData("""{"v":1}""")]
    public void A_payload_in_another_format_is_a_miss_not_an_error(string payload)
        => Assert.Null(CachedAnswer.FromPayload(System.Text.Encoding.UTF8.GetBytes(payload)));

    [Fact]
    public void Replayed_chunks_assemble_back_into_the_same_completion()
    {
        var answer = Answer();
        var assembler = new StreamAssembler();

        var chunks = answer.ToChunks();
        foreach (var chunk in chunks)
        {
            assembler.Add(chunk.Parsed);
        }

        var rebuilt = assembler.Build()!;
        Assert.True(chunks[^1].IsUsageOnly);
        Assert.Equal(Normalise(answer.Response), Normalise(rebuilt));
    }

    [Fact]
    public void Tool_call_fragments_are_merged_by_index_and_a_cut_stream_builds_nothing()
    {
        var assembler = new StreamAssembler();
        assembler.Add(Chunk("""{"id":"c","model":"m","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_9","type":"function","function":{"name":"f","arguments":""}}]}}]}"""));
        assembler.Add(Chunk("""{"id":"c","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"a\":"}}]}}]}"""));
        Assert.Null(assembler.Build()); // no finish reason yet: never cache half an answer

        assembler.Add(Chunk("""{"id":"c","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"1}"}}]},"finish_reason":"tool_calls"}]}"""));
        var built = assembler.Build()!;

        var call = Assert.Single(built.Choices[0].Message.ToolCalls!);
        Assert.Equal("call_9", call.Id);
        Assert.Equal("f", call.Function!.Name);
        Assert.Equal("""{"a":1}""", call.Function.Arguments);
        Assert.Null(built.Choices[0].Message.Content);
        Assert.Equal("tool_calls", built.Choices[0].FinishReason);
    }

    private static ChatCompletionChunk Chunk(string json) => JsonSerializer.Deserialize(json, ProtocolJson.Context.ChatCompletionChunk)!;

    private static string Normalise(ChatCompletionResponse response)
    {
        var copy = JsonSerializer.Deserialize(JsonSerializer.Serialize(response, ProtocolJson.Context.ChatCompletionResponse), ProtocolJson.Context.ChatCompletionResponse)!;
        foreach (var call in copy.Choices.SelectMany(c => c.Message.ToolCalls ?? []))
        {
            call.Index = null;
        }

        return JsonSerializer.Serialize(copy, ProtocolJson.Context.ChatCompletionResponse);
    }
}
