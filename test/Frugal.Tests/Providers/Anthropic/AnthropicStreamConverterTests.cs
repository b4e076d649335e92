using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Frugal.Core.Pipeline;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;
using Frugal.Protocol.Sse;
using Frugal.Providers.Anthropic;
using Frugal.Providers.Anthropic.Wire;

namespace Frugal.Tests.Providers.Anthropic;

/// <summary>
/// The streams printed in Anthropic's streaming documentation (Fixtures/Anthropic/*.sse), read
/// with the gateway's SSE reader and converted to OpenAI chunks.
/// </summary>
public sealed class AnthropicStreamConverterTests
{
    private const long Created = 1_700_000_000;

    [Fact]
    public async Task Documented_text_stream_converts_to_the_exact_openai_chunks()
    {
        var chunks = await ConvertFixtureAsync("streaming-text.sse");

        var json = chunks.Select(c => JsonSerializer.Serialize(c, ProtocolJson.Context.ChatCompletionChunk)).ToList();
        Assert.Equal(
            [
                """{"id":"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY","object":"chat.completion.chunk","created":1700000000,"model":"claude-opus-4-6","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}""",
                """{"id":"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY","object":"chat.completion.chunk","created":1700000000,"model":"claude-opus-4-6","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}]}""",
                """{"id":"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY","object":"chat.completion.chunk","created":1700000000,"model":"claude-opus-4-6","choices":[{"index":0,"delta":{"content":"!"},"logprobs":null,"finish_reason":null}]}""",
                """{"id":"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY","object":"chat.completion.chunk","created":1700000000,"model":"claude-opus-4-6","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}""",
                """{"id":"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY","object":"chat.completion.chunk","created":1700000000,"model":"claude-opus-4-6","choices":[],"usage":{"prompt_tokens":25,"completion_tokens":15,"total_tokens":40,"prompt_tokens_details":{"cached_tokens":0}}}""",
            ],
            json);
    }

    [Fact]
    public async Task Documented_tool_use_stream_reassembles_to_the_documented_call()
    {
        var chunks = await ConvertFixtureAsync("streaming-tool-use.sse");

        Assert.All(chunks, chunk =>
        {
            Assert.Equal("msg_014p7gG3wDgGV9EUtLvnow3U", chunk.Id);
            Assert.Equal("chat.completion.chunk", chunk.Object);
            Assert.Equal(Created, chunk.Created);
            Assert.Equal("claude-opus-4-6", chunk.Model);
        });
        var deltas = chunks.Where(c => c.Choices.Count > 0).Select(c => c.Choices[0].Delta).ToList();
        Assert.Equal("Okay, let's check the weather for San Francisco, CA:", string.Concat(deltas.Select(d => d.Content)));

        var toolCalls = deltas.Where(d => d.ToolCalls is not null).SelectMany(d => d.ToolCalls!).ToList();
        Assert.All(toolCalls, call => Assert.Equal(0, call.Index));
        var first = toolCalls[0];
        Assert.Equal("toolu_01T1x1fJ34qAmk2tNTrN7Up6", first.Id);
        Assert.Equal("function", first.Type);
        Assert.Equal("get_weather", first.Function!.Name);
        Assert.Equal(string.Empty, first.Function.Arguments);
        Assert.All(toolCalls.Skip(1), call => Assert.Null(call.Id));

        var arguments = string.Concat(toolCalls.Select(c => c.Function!.Arguments));
        Assert.Equal("""{"location": "San Francisco, CA", "unit": "fahrenheit"}""", arguments);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"location":"San Francisco, CA","unit":"fahrenheit"}"""), JsonNode.Parse(arguments)));

        Assert.Equal("tool_calls", chunks[^2].Choices[0].FinishReason);
        var usage = Assert.Single(chunks, c => c.Usage is not null).Usage!;
        Assert.Same(chunks[^1].Usage, usage);
        Assert.Empty(chunks[^1].Choices);
        Assert.Equal(472, usage.PromptTokens);
        Assert.Equal(89, usage.CompletionTokens);
        Assert.Equal(561, usage.TotalTokens);
    }

    [Fact]
    public async Task Documented_thinking_stream_keeps_only_the_answer()
    {
        var chunks = await ConvertFixtureAsync("streaming-thinking.sse");

        var deltas = chunks.Where(c => c.Choices.Count > 0).Select(c => c.Choices[0].Delta).ToList();
        Assert.Equal("The greatest common divisor of 1071 and 462 is **21**.", string.Concat(deltas.Select(d => d.Content)));
        Assert.DoesNotContain(chunks, c => JsonSerializer.Serialize(c, ProtocolJson.Context.ChatCompletionChunk).Contains("GCD", StringComparison.Ordinal));
        Assert.Equal("stop", chunks[^1].Choices[0].FinishReason);

        // The documented example is trimmed of usage: nothing reported is not reported as zero.
        Assert.DoesNotContain(chunks, c => c.Usage is not null);
    }

    [Fact]
    public void Cache_usage_from_message_start_and_output_from_message_delta_make_the_usage_chunk()
    {
        // The usage numbers are the prompt-caching guide's documented example.
        var converter = new AnthropicStreamConverter("anthropic", Created);
        var output = new List<ChatCompletionChunk>();
        foreach (var data in new[]
        {
            """{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":2048,"cache_read_input_tokens":1800,"cache_creation_input_tokens":248,"cache_creation":{"ephemeral_5m_input_tokens":148,"ephemeral_1h_input_tokens":100},"output_tokens":1}}}""",
            """{"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"output_tokens":503}}""",
            """{"type":"message_stop"}""",
        })
        {
            converter.Convert(Parse(data), output);
        }

        Assert.Equal("length", output[^2].Choices[0].FinishReason);
        var usage = output[^1].Usage!;
        Assert.Equal(4096, usage.PromptTokens);
        Assert.Equal(503, usage.CompletionTokens);
        Assert.Equal(4599, usage.TotalTokens);
        Assert.Equal(1800, usage.PromptTokensDetails!.CachedTokens);
        Assert.Equal(1800, usage.CacheReadInputTokens);
        Assert.Equal(248, usage.CacheCreationInputTokens);
        Assert.Equal(148, usage.CacheCreation!.Ephemeral5mInputTokens);
        Assert.Equal(100, usage.CacheCreation.Ephemeral1hInputTokens);
        Assert.True(converter.Completed);
    }

    [Fact]
    public void Cumulative_input_usage_in_message_delta_wins_over_message_start()
    {
        // As in the documented web-search stream, where message_delta repeats the input counts.
        var converter = new AnthropicStreamConverter("anthropic", Created);
        var output = new List<ChatCompletionChunk>();
        converter.Convert(Parse("""{"type":"message_start","message":{"id":"msg_01G","type":"message","role":"assistant","model":"claude-opus-4-6","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":2679,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":3}}}"""), output);
        converter.Convert(Parse("""{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":10682,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":510,"server_tool_use":{"web_search_requests":1}}}"""), output);
        converter.Convert(Parse("""{"type":"message_stop"}"""), output);

        var usage = output[^1].Usage!;
        Assert.Equal(10682, usage.PromptTokens);
        Assert.Equal(510, usage.CompletionTokens);
    }

    [Fact]
    public void Each_tool_use_block_gets_the_next_tool_call_index()
    {
        var converter = new AnthropicStreamConverter("anthropic", Created);
        var output = new List<ChatCompletionChunk>();
        foreach (var data in new[]
        {
            """{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude","usage":{"input_tokens":10,"output_tokens":1}}}""",
            """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":"Checking both."}}""",
            """{"type":"content_block_stop","index":0}""",
            """{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_a","name":"get_weather","input":{}}}""",
            """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"location\": \"New York, NY\"}"}}""",
            """{"type":"content_block_stop","index":1}""",
            """{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_b","name":"get_time","input":{}}}""",
            """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"timezone\": \"America/New_York\"}"}}""",
            """{"type":"content_block_stop","index":2}""",
        })
        {
            converter.Convert(Parse(data), output);
        }

        Assert.Equal("Checking both.", output[1].Choices[0].Delta.Content);
        var calls = output.Skip(2).Select(c => Assert.Single(c.Choices[0].Delta.ToolCalls!)).ToList();
        Assert.Equal([0, 0, 1, 1], calls.Select(c => c.Index!.Value));
        Assert.Equal(["toolu_a", null, "toolu_b", null], calls.Select(c => c.Id));
        Assert.Equal("""{"timezone": "America/New_York"}""", calls[3].Function!.Arguments);
        Assert.False(converter.Completed);
    }

    [Fact]
    public void Documented_error_event_throws_a_stream_exception_with_anthropics_message()
    {
        var converter = new AnthropicStreamConverter("claude-direct", Created);

        var exception = Assert.Throws<GatewayStreamException>(() => converter.Convert(
            Parse("""{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}"""),
            []));

        Assert.Equal(GatewayErrorKind.UpstreamFailed, exception.Error.Kind);
        Assert.True(exception.Error.Retryable);
        Assert.Contains("claude-direct", exception.Error.Message, StringComparison.Ordinal);
        Assert.Contains("overloaded_error", exception.Error.Message, StringComparison.Ordinal);
        Assert.Contains("Overloaded", exception.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ping_and_unknown_events_produce_nothing()
    {
        var converter = new AnthropicStreamConverter("anthropic", Created);
        var output = new List<ChatCompletionChunk>();

        converter.Convert(Parse("""{"type": "ping"}"""), output);
        converter.Convert(Parse("""{"type": "some_future_event", "index": 3}"""), output);

        Assert.Empty(output);
    }

    private static async Task<List<ChatCompletionChunk>> ConvertFixtureAsync(string name)
    {
        await using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Anthropic", name));
        var converter = new AnthropicStreamConverter("anthropic", Created);
        var chunks = new List<ChatCompletionChunk>();
        await foreach (var sse in SseReader.ReadAsync(stream))
        {
            var streamEvent = JsonSerializer.Deserialize(sse.Data.Span, AnthropicJson.Context.StreamEvent)!;
            Assert.Equal(sse.EventName, streamEvent.Type);
            converter.Convert(streamEvent, chunks);
        }

        Assert.True(converter.Completed);
        return chunks;
    }

    private static StreamEvent Parse(string json)
        => JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(json), AnthropicJson.Context.StreamEvent)!;
}
