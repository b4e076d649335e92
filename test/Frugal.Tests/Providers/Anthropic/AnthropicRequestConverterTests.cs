using System.Text.Json;
using System.Text.Json.Nodes;
using Frugal.Core.Pipeline;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;
using Frugal.Providers.Anthropic;
using Frugal.Providers.Anthropic.Wire;

namespace Frugal.Tests.Providers.Anthropic;

/// <summary>
/// The expected Anthropic bodies are the requests printed in Anthropic's documentation
/// (Fixtures/Anthropic); the OpenAI inputs are the same conversations as an OpenAI client sends them.
/// </summary>
public sealed class AnthropicRequestConverterTests
{
    [Fact]
    public void Tool_result_conversation_becomes_the_documented_request()
    {
        var expected = LoadFixture("tool-result-request.json");
        var schema = expected["tools"]![0]!["input_schema"]!.ToJsonString();
        var request = Parse($$$"""
            {
              "model": "claude",
              "max_tokens": 1024,
              "tools": [{
                "type": "function",
                "function": {
                  "name": "get_weather",
                  "description": "Get the current weather in a given location",
                  "parameters": {{{schema}}}
                }
              }],
              "messages": [
                {"role": "user", "content": "What is the weather like in San Francisco?"},
                {"role": "assistant", "content": "I'll check the current weather in San Francisco for you.",
                 "tool_calls": [{"id": "toolu_01A09q90qw90lq917835lq9", "type": "function",
                   "function": {"name": "get_weather", "arguments": "{\"location\": \"San Francisco, CA\", \"unit\": \"celsius\"}"}}]},
                {"role": "tool", "tool_call_id": "toolu_01A09q90qw90lq917835lq9", "content": "15 degrees"}
              ]
            }
            """);

        var converted = ConvertToJson(request, "claude-sonnet-4-5");

        AssertJsonEqual(NormaliseStringContent(expected), converted);
    }

    [Fact]
    public void Image_by_url_becomes_the_documented_url_source()
    {
        var request = Parse("""
            {
              "model": "claude",
              "max_tokens": 1024,
              "messages": [{"role": "user", "content": [
                {"type": "image_url", "image_url": {"url": "https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg"}},
                {"type": "text", "text": "Describe this image."}
              ]}]
            }
            """);

        AssertJsonEqual(LoadFixture("vision-url-request.json"), ConvertToJson(request, "claude-opus-4-6"));
    }

    [Fact]
    public void Image_as_data_url_becomes_the_documented_base64_source()
    {
        var request = Parse("""
            {
              "model": "claude",
              "max_tokens": 1024,
              "messages": [{"role": "user", "content": [
                {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAEBAQ==", "detail": "high"}},
                {"type": "text", "text": "Describe this image."}
              ]}]
            }
            """);

        AssertJsonEqual(LoadFixture("vision-base64-request.json"), ConvertToJson(request, "claude-opus-4-6"));
    }

    [Fact]
    public void Data_url_that_is_not_base64_is_rejected()
    {
        var request = Parse("""
            {"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:image/svg+xml,<svg/>"}}]}]}
            """);

        var error = AssertRejected(request);

        Assert.Equal("messages[0].content[0].image_url.url", error.Param);
    }

    [Fact]
    public void System_and_developer_messages_become_system_blocks_in_order()
    {
        var request = Parse("""
            {
              "messages": [
                {"role": "system", "content": "You are a helpful assistant."},
                {"role": "user", "content": "Hello"},
                {"role": "developer", "content": [{"type": "text", "text": "Answer in French."}, {"type": "text", "text": "Be brief."}]}
              ]
            }
            """);

        var converted = Convert(request);

        Assert.Equal(["You are a helpful assistant.", "Answer in French.", "Be brief."], converted.System!.Select(b => b.Text));
        Assert.All(converted.System!, block => Assert.Equal("text", block.Type));
        var message = Assert.Single(converted.Messages);
        Assert.Equal("user", message.Role);
        Assert.Equal("Hello", Assert.Single(message.Content).Text);
    }

    [Fact]
    public void Parallel_tool_results_merge_into_one_user_message_with_results_first()
    {
        var request = Parse("""
            {
              "messages": [
                {"role": "user", "content": "Weather and time in New York?"},
                {"role": "assistant", "content": null, "tool_calls": [
                  {"id": "toolu_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"location\":\"New York, NY\"}"}},
                  {"id": "toolu_2", "type": "function", "function": {"name": "get_time", "arguments": "{\"timezone\":\"America/New_York\"}"}}
                ]},
                {"role": "tool", "tool_call_id": "toolu_1", "content": "15 degrees"},
                {"role": "tool", "tool_call_id": "toolu_2", "content": [{"type": "text", "text": "10:04"}]},
                {"role": "user", "content": "Thanks. Which is warmer, there or Paris?"}
              ]
            }
            """);

        var converted = Convert(request);

        Assert.Equal(["user", "assistant", "user"], converted.Messages.Select(m => m.Role));
        var assistant = converted.Messages[1];
        Assert.Equal(["tool_use", "tool_use"], assistant.Content.Select(b => b.Type));
        Assert.Equal("""{"location":"New York, NY"}""", assistant.Content[0].Input!.Value.GetRawText());
        var results = converted.Messages[2].Content;
        Assert.Equal(["tool_result", "tool_result", "text"], results.Select(b => b.Type));
        Assert.Equal(["toolu_1", "toolu_2", null], results.Select(b => b.ToolUseId));
        Assert.Equal("15 degrees", results[0].Content!.Value.GetString());
        Assert.Equal("10:04", results[1].Content!.Value.GetString());
    }

    [Fact]
    public void Consecutive_messages_of_one_role_are_merged_and_empty_ones_skipped()
    {
        var request = Parse("""
            {
              "messages": [
                {"role": "user", "content": "First."},
                {"role": "user", "content": "Second."},
                {"role": "assistant", "content": ""},
                {"role": "user", "content": "Third."}
              ]
            }
            """);

        var message = Assert.Single(Convert(request).Messages);

        Assert.Equal("user", message.Role);
        Assert.Equal(["First.", "Second.", "Third."], message.Content.Select(b => b.Text));
    }

    [Theory]
    [InlineData(null, null, AnthropicRequestConverter.DefaultMaxTokens)]
    [InlineData(300, null, 300)]
    [InlineData(null, 200, 200)]
    [InlineData(300, 200, 200)]
    public void Max_tokens_prefers_max_completion_tokens_then_max_tokens_then_the_default(int? maxTokens, int? maxCompletionTokens, int expected)
    {
        var request = Parse("""{"messages": [{"role": "user", "content": "Hi"}]}""");
        request.MaxTokens = maxTokens;
        request.MaxCompletionTokens = maxCompletionTokens;

        Assert.Equal(expected, Convert(request).MaxTokens);
    }

    [Fact]
    public void Sampling_options_user_and_stream_are_copied_as_given()
    {
        var request = Parse("""
            {"messages": [{"role": "user", "content": "Hi"}], "temperature": 1.5, "top_p": 0.9,
             "user": "user-42", "stream": true, "stop": ["\n\nHuman:", "END"]}
            """);

        var converted = Convert(request);

        Assert.Equal(1.5, converted.Temperature); // Anthropic rejects > 1 itself, with its own message
        Assert.Equal(0.9, converted.TopP);
        Assert.Equal("user-42", converted.Metadata!.UserId);
        Assert.True(converted.Stream);
        Assert.Equal(["\n\nHuman:", "END"], converted.StopSequences!);
    }

    [Fact]
    public void A_single_stop_string_becomes_one_stop_sequence()
    {
        var request = Parse("""{"messages": [{"role": "user", "content": "Hi"}], "stop": "END"}""");

        Assert.Equal(["END"], Convert(request).StopSequences!);
    }

    [Fact]
    public void Unknown_and_unsupported_openai_fields_are_not_forwarded()
    {
        var request = Parse("""
            {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi", "name": "alice"}],
             "frequency_penalty": 0.5, "presence_penalty": 0.1, "seed": 7, "store": true,
             "metadata": {"k": "v"}, "some_future_field": {"x": 1}}
            """);

        var json = ConvertToJson(request, "claude-haiku-4-5");

        Assert.Equal(["model", "max_tokens", "messages"], json.AsObject().Select(p => p.Key));
        Assert.Equal("claude-haiku-4-5", json["model"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\"auto\"", "auto", null)]
    [InlineData("\"required\"", "any", null)]
    [InlineData("\"none\"", "none", null)]
    [InlineData("""{"type": "function", "function": {"name": "get_weather"}}""", "tool", "get_weather")]
    public void Tool_choice_maps_to_anthropic_choices(string toolChoice, string type, string? name)
    {
        var request = Parse("""
            {"messages": [{"role": "user", "content": "Hi"}],
             "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"location": {"type": "string"}}}}}],
             "tool_choice":
            """ + toolChoice + "}");

        var choice = Convert(request).ToolChoice!;

        Assert.Equal(type, choice.Type);
        Assert.Equal(name, choice.Name);
        Assert.Null(choice.DisableParallelToolUse);
    }

    [Fact]
    public void Parallel_tool_calls_false_disables_parallel_tool_use()
    {
        var request = Parse("""
            {"messages": [{"role": "user", "content": "Hi"}],
             "tools": [{"type": "function", "function": {"name": "get_time"}}],
             "parallel_tool_calls": false}
            """);

        var converted = Convert(request);

        Assert.Equal("auto", converted.ToolChoice!.Type);
        Assert.True(converted.ToolChoice.DisableParallelToolUse);
    }

    [Fact]
    public void A_tool_without_parameters_gets_an_empty_object_schema()
    {
        var request = Parse("""
            {"messages": [{"role": "user", "content": "Hi"}],
             "tools": [{"type": "function", "function": {"name": "get_time", "description": "Current time"}}]}
            """);

        var tool = Assert.Single(Convert(request).Tools!);

        Assert.Equal("get_time", tool.Name);
        Assert.Equal("Current time", tool.Description);
        Assert.Equal("""{"type":"object","properties":{}}""", tool.InputSchema.GetRawText());
    }

    [Fact]
    public void Json_object_response_format_asks_for_json_in_the_system_prompt()
    {
        var request = Parse("""
            {"messages": [{"role": "system", "content": "Extract the fields."}, {"role": "user", "content": "Bob, 42"}],
             "response_format": {"type": "json_object"}}
            """);

        var system = Convert(request).System!;

        Assert.Equal(["Extract the fields.", AnthropicRequestConverter.JsonOnlyInstruction], system.Select(b => b.Text));
    }

    [Fact]
    public void Json_schema_response_format_puts_the_schema_in_the_system_prompt()
    {
        var request = Parse("""
            {"messages": [{"role": "user", "content": "Bob, 42"}],
             "response_format": {"type": "json_schema", "json_schema": {"name": "person", "schema": {"type":"object","properties":{"name":{"type":"string"}}}}}}
            """);

        var instruction = Assert.Single(Convert(request).System!).Text!;

        Assert.StartsWith(AnthropicRequestConverter.JsonOnlyInstruction, instruction, StringComparison.Ordinal);
        Assert.EndsWith("""{"type":"object","properties":{"name":{"type":"string"}}}""", instruction, StringComparison.Ordinal);
    }

    [Fact]
    public void Cache_control_on_a_part_is_carried_to_the_block()
    {
        var request = Parse("""
            {"messages": [
              {"role": "system", "content": [{"type": "text", "text": "A long, stable manual.", "cache_control": {"type": "ephemeral", "ttl": "1h"}}]},
              {"role": "user", "content": "Question"}
            ]}
            """);

        var block = Assert.Single(Convert(request).System!);

        Assert.Equal("""{"type": "ephemeral", "ttl": "1h"}""", block.CacheControl!.Value.GetRawText());
    }

    [Fact]
    public void N_greater_than_one_is_rejected_naming_the_field()
    {
        var request = Parse("""{"messages": [{"role": "user", "content": "Hi"}], "n": 2}""");

        var error = AssertRejected(request);

        Assert.Equal("n", error.Param);
        Assert.Contains("'n' must be 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("got 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void N_of_one_is_accepted()
    {
        var request = Parse("""{"messages": [{"role": "user", "content": "Hi"}], "n": 1}""");

        Assert.True(AnthropicRequestConverter.Convert(request, "claude").IsSuccess);
    }

    [Theory]
    [InlineData("{\\\"location\\\": \\\"San Fra")]
    [InlineData("[1, 2]")]
    public void Tool_call_arguments_that_are_not_a_json_object_are_rejected(string arguments)
    {
        var request = Parse($$$"""
            {"messages": [
              {"role": "user", "content": "Weather?"},
              {"role": "assistant", "tool_calls": [{"id": "toolu_1", "type": "function", "function": {"name": "get_weather", "arguments": "{{{arguments}}}"}}]},
              {"role": "tool", "tool_call_id": "toolu_1", "content": "15 degrees"}
            ]}
            """);

        var error = AssertRejected(request);

        Assert.Equal("messages[1].tool_calls[0].function.arguments", error.Param);
        Assert.Contains("messages[1].tool_calls[0].function.arguments", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_tool_call_arguments_become_an_empty_input_object()
    {
        var request = Parse("""
            {"messages": [
              {"role": "user", "content": "Time?"},
              {"role": "assistant", "tool_calls": [{"id": "toolu_1", "type": "function", "function": {"name": "get_time", "arguments": ""}}]}
            ]}
            """);

        var block = Assert.Single(Convert(request).Messages[1].Content);

        Assert.Equal("{}", block.Input!.Value.GetRawText());
    }

    [Theory]
    [InlineData("""{"messages": [{"role": "user", "content": [{"type": "input_audio", "input_audio": {"data": "AAAA", "format": "wav"}}]}]}""", "messages[0].content[0]")]
    [InlineData("""{"messages": [{"role": "function", "name": "f", "content": "x"}]}""", "messages[0].role")]
    [InlineData("""{"messages": [{"role": "tool", "content": "x"}]}""", "messages[0].tool_call_id")]
    [InlineData("""{"messages": [{"role": "user", "content": "Hi"}], "logprobs": true}""", "logprobs")]
    [InlineData("""{"messages": []}""", "messages")]
    [InlineData("""{"messages": [{"role": "user", "content": "Hi"}], "tools": [{"type": "function", "function": {"name": "f"}}], "tool_choice": "sometimes"}""", "tool_choice")]
    public void What_anthropic_cannot_express_is_rejected_with_the_field_named(string body, string param)
    {
        Assert.Equal(param, AssertRejected(Parse(body)).Param);
    }

    private static MessagesRequest Convert(ChatCompletionRequest request)
    {
        var result = AnthropicRequestConverter.Convert(request, "claude-test");
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    private static JsonNode ConvertToJson(ChatCompletionRequest request, string upstreamModel)
    {
        var result = AnthropicRequestConverter.Convert(request, upstreamModel);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return JsonNode.Parse(JsonSerializer.Serialize(result.Value, AnthropicJson.Context.MessagesRequest))!;
    }

    private static GatewayError AssertRejected(ChatCompletionRequest request)
    {
        var result = AnthropicRequestConverter.Convert(request, "claude-test");
        Assert.False(result.IsSuccess);
        Assert.Equal(GatewayErrorKind.InvalidRequest, result.Error.Kind);
        Assert.Equal(400, result.Error.StatusCode);
        Assert.Equal("invalid_request_error", result.Error.Type);
        return result.Error;
    }

    private static ChatCompletionRequest Parse(string json)
        => JsonSerializer.Deserialize(json, ProtocolJson.Context.ChatCompletionRequest)!;

    private static JsonNode LoadFixture(string name)
        => JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Anthropic", name)))!;

    /// <summary>
    /// Anthropic documents string content as shorthand for one text block; the converter always
    /// writes blocks, so the documented request is brought to that form before comparing.
    /// </summary>
    private static JsonNode NormaliseStringContent(JsonNode request)
    {
        foreach (var message in request["messages"]!.AsArray())
        {
            if (message!["content"] is JsonValue text)
            {
                message["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text.GetValue<string>() });
            }
        }

        return request;
    }

    private static void AssertJsonEqual(JsonNode expected, JsonNode actual)
        => Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}\n  actual {actual.ToJsonString()}");
}
