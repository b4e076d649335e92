using System.Text.Json;
using System.Text.Json.Nodes;
using Frugal.Core.Accounting;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;
using Frugal.Providers.Anthropic;
using Frugal.Providers.Anthropic.Wire;

namespace Frugal.Tests.Providers.Anthropic;

/// <summary>Responses from Anthropic's documentation (Fixtures/Anthropic) converted to OpenAI's shape.</summary>
public sealed class AnthropicResponseConverterTests
{
    private const long Created = 1_700_000_000;

    [Fact]
    public void Documented_text_response_converts_to_the_exact_openai_completion()
    {
        var converted = AnthropicResponseConverter.Convert(LoadFixture("messages-response.json"), Created);

        var json = JsonSerializer.Serialize(converted, ProtocolJson.Context.ChatCompletionResponse);
        AssertJsonEqual(
            """
            {
              "id": "msg_013Zva2CMHLNnXjNJJKqJ2EF",
              "object": "chat.completion",
              "created": 1700000000,
              "model": "claude-sonnet-4-20250514",
              "choices": [{
                "index": 0,
                "message": {"role": "assistant", "content": "Hi! My name is Claude."},
                "logprobs": null,
                "finish_reason": "stop"
              }],
              "usage": {
                "prompt_tokens": 2095,
                "completion_tokens": 503,
                "total_tokens": 2598,
                "prompt_tokens_details": {"cached_tokens": 0}
              }
            }
            """,
            json);
    }

    [Fact]
    public void Documented_tool_use_response_becomes_a_tool_call_with_the_input_as_arguments()
    {
        var converted = AnthropicResponseConverter.Convert(LoadFixture("tool-use-response.json"), Created);

        var choice = Assert.Single(converted.Choices);
        Assert.Equal("tool_calls", choice.FinishReason);
        Assert.Equal("I'll check the current weather in San Francisco for you.", choice.Message.Content!.Value.GetString());
        var call = Assert.Single(choice.Message.ToolCalls!);
        Assert.Equal("toolu_01A09q90qw90lq917835lq9", call.Id);
        Assert.Equal("function", call.Type);
        Assert.Equal("get_weather", call.Function!.Name);
        AssertJsonEqual("""{"location": "San Francisco, CA", "unit": "celsius"}""", call.Function.Arguments!);
        Assert.Null(call.Index);
        Assert.Equal("msg_01Aq9w938a90dw8q", converted.Id);
        Assert.Equal("claude-sonnet-4-5", converted.Model);
        Assert.Null(converted.Usage); // the documented example carries none
    }

    [Fact]
    public void Documented_answer_after_a_tool_result_ends_with_stop()
    {
        var converted = AnthropicResponseConverter.Convert(LoadFixture("tool-result-final-response.json"), Created);

        var choice = Assert.Single(converted.Choices);
        Assert.Equal("stop", choice.FinishReason);
        Assert.Null(choice.Message.ToolCalls);
        Assert.StartsWith("The current weather in San Francisco is 15 degrees Celsius", choice.Message.Content!.Value.GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("end_turn", "stop")]
    [InlineData("stop_sequence", "stop")]
    [InlineData("max_tokens", "length")]
    [InlineData("tool_use", "tool_calls")]
    [InlineData("refusal", "content_filter")]
    [InlineData("pause_turn", "stop")]
    [InlineData("model_context_window_exceeded", "length")]
    public void Stop_reasons_map_to_openai_finish_reasons(string stopReason, string finishReason)
    {
        var response = new MessagesResponse { Id = "msg_1", Model = "claude", StopReason = stopReason, Content = [new ContentBlock { Type = "text", Text = "x" }] };

        Assert.Equal(finishReason, Assert.Single(AnthropicResponseConverter.Convert(response, Created).Choices).FinishReason);
    }

    [Fact]
    public void Documented_cache_usage_counts_reads_and_writes_in_prompt_tokens()
    {
        var usage = LoadFixture("prompt-caching-usage.json").Usage!;

        var converted = AnthropicResponseConverter.ConvertUsage(usage);

        Assert.Equal(2048 + 1800 + 248, converted.PromptTokens);
        Assert.Equal(503, converted.CompletionTokens);
        Assert.Equal(2048 + 1800 + 248 + 503, converted.TotalTokens);
        Assert.Equal(1800, converted.PromptTokensDetails!.CachedTokens);
        Assert.Equal(1800, converted.CacheReadInputTokens);
        Assert.Equal(248, converted.CacheCreationInputTokens);
        Assert.Equal(148, converted.CacheCreation!.Ephemeral5mInputTokens);
        Assert.Equal(100, converted.CacheCreation.Ephemeral1hInputTokens);
        var json = JsonSerializer.Serialize(converted, ProtocolJson.Context.ChatUsage);
        Assert.Contains("\"cache_creation\":{\"ephemeral_5m_input_tokens\":148,\"ephemeral_1h_input_tokens\":100}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Converted_cache_usage_is_billed_once_by_the_ledger_convention()
    {
        var usage = LoadFixture("prompt-caching-usage.json").Usage!;

        var tokens = OpenAIUsage.ToTokenUsage(AnthropicResponseConverter.ConvertUsage(usage));

        Assert.Equal(new TokenUsage(
            InputTokens: 4096,
            CachedInputTokens: 1800,
            CacheWrite5mTokens: 148,
            CacheWrite1hTokens: 100,
            OutputTokens: 503,
            ReasoningTokens: 0), tokens);
        Assert.Equal(2048, tokens.UncachedInputTokens);
    }

    [Fact]
    public void Thinking_is_dropped_and_text_blocks_are_concatenated()
    {
        var response = new MessagesResponse
        {
            Id = "msg_1",
            Model = "claude",
            StopReason = "end_turn",
            Content =
            [
                new ContentBlock { Type = "thinking", Thinking = "1071 = 2 × 462 + 147", Signature = "EqQB" },
                new ContentBlock { Type = "redacted_thinking", Data = "EmwK" },
                new ContentBlock { Type = "text", Text = "The greatest common divisor" },
                new ContentBlock { Type = "text", Text = " is 21." },
            ],
        };

        var message = Assert.Single(AnthropicResponseConverter.Convert(response, Created).Choices).Message;

        Assert.Equal("The greatest common divisor is 21.", message.Content!.Value.GetString());
    }

    [Fact]
    public void A_tool_call_without_text_has_null_content()
    {
        var response = new MessagesResponse
        {
            Id = "msg_1",
            Model = "claude",
            StopReason = "tool_use",
            Content = [new ContentBlock { Type = "tool_use", Id = "toolu_1", Name = "get_time", Input = JsonDocument.Parse("{}").RootElement }],
        };

        var message = Assert.Single(AnthropicResponseConverter.Convert(response, Created).Choices).Message;

        Assert.Null(message.Content);
        Assert.Equal("{}", Assert.Single(message.ToolCalls!).Function!.Arguments);
    }

    private static MessagesResponse LoadFixture(string name)
        => JsonSerializer.Deserialize(
            File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Anthropic", name)),
            AnthropicJson.Context.MessagesResponse)!;

    private static void AssertJsonEqual(string expected, string actual)
        => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected {expected}\n  actual {actual}");
}
