using System.Text.Json;
using System.Text.Json.Nodes;
using Frugal.Core.Pipeline;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;
using Frugal.Providers.Anthropic;
using Frugal.Providers.Anthropic.Wire;

namespace Frugal.Tests.Providers.Anthropic;

/// <summary>Client <c>cache_control</c> markers: valid ones reach Anthropic where they were put; bad ones are 400s naming them.</summary>
public sealed class AnthropicCacheMarkerTests
{
    private const string Marker = """{"type":"ephemeral"}""";

    public static TheoryData<string, string, string> BadMarkers => new()
    {
        // content parts (messages[1] is the user turn)
        { """{"role":"user","content":[{"type":"text","text":"Hi","cache_control":"ephemeral"}]}""", "messages[1].content[0].cache_control", "must be {\"type\":\"ephemeral\"}" },
        { """{"role":"user","content":[{"type":"text","text":"Hi","cache_control":{"type":"persistent"}}]}""", "messages[1].content[0].cache_control", "must be {\"type\":\"ephemeral\"}" },
        { """{"role":"user","content":[{"type":"text","text":"Hi","cache_control":{"type":"ephemeral","ttl":"2h"}}]}""", "messages[1].content[0].cache_control", "\"5m\" or \"1h\"" },
        { """{"role":"user","content":[{"type":"text","text":"Hi","cache_control":{"type":"ephemeral","scope":"org"}}]}""", "messages[1].content[0].cache_control", "must be {\"type\":\"ephemeral\"}" },
        { """{"role":"user","content":[{"type":"text","text":"Hi","cache_control":{}}]}""", "messages[1].content[0].cache_control", "must be {\"type\":\"ephemeral\"}" },
        // content that cannot carry a breakpoint
        { """{"role":"user","content":[{"type":"text","text":"","cache_control":{"type":"ephemeral"}},{"type":"text","text":"Hi"}]}""", "messages[1].content[0].cache_control", "with empty text cannot carry" },
        { """{"role":"user","content":"Hi","cache_control":{"type":"ephemeral"}}""", "messages[1].cache_control", "a message cannot carry" },
        // more than four
        { """{"role":"user","content":[{"type":"text","text":"a","cache_control":{"type":"ephemeral"}},{"type":"text","text":"b","cache_control":{"type":"ephemeral"}},{"type":"text","text":"c","cache_control":{"type":"ephemeral"}},{"type":"text","text":"d","cache_control":{"type":"ephemeral"}},{"type":"text","text":"e","cache_control":{"type":"ephemeral"}}]}""", "messages[1].content[4].cache_control", "at most 4" },
        // a 1-hour marker after a 5-minute one
        { """{"role":"user","content":[{"type":"text","text":"a","cache_control":{"type":"ephemeral"}},{"type":"text","text":"b","cache_control":{"type":"ephemeral","ttl":"1h"}}]}""", "messages[1].content[1].cache_control", "cannot follow a 5-minute one" },
    };

    [Theory]
    [MemberData(nameof(BadMarkers))]
    public void A_bad_marker_is_a_400_naming_it(string userMessage, string param, string message)
    {
        var request = Parse($$"""{"model":"m","messages":[{"role":"system","content":"Manual."},{{userMessage}}]}""");

        var result = AnthropicRequestConverter.Convert(request, "claude-test");

        Assert.False(result.IsSuccess);
        Assert.Equal(400, result.Error.StatusCode);
        Assert.Equal(param, result.Error.Param);
        Assert.Contains(message, result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_marker_on_a_tool_is_a_400_naming_the_tool()
    {
        var request = Parse("""{"model":"m","messages":[{"role":"user","content":"Hi"}],"tools":[{"type":"function","function":{"name":"f"},"cache_control":true}]}""");

        var result = AnthropicRequestConverter.Convert(request, "claude-test");

        Assert.Equal("tools[0].cache_control", result.Error!.Param);
    }

    [Fact]
    public void Four_markers_on_tool_system_result_and_turn_all_reach_the_request_in_place()
    {
        var request = Parse($$$"""
            {"model":"m","messages":[
              {"role":"system","content":[{"type":"text","text":"Manual.","cache_control":{"type":"ephemeral","ttl":"1h"}}]},
              {"role":"user","content":"Find order 7"},
              {"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":[{"type":"text","text":"Shipped.","cache_control":{{{Marker}}}}]},
              {"role":"user","content":[{"type":"text","text":"Thanks","cache_control":{{{Marker}}}}]}
            ],
            "tools":[{"type":"function","function":{"name":"lookup","parameters":{"type":"object"}},"cache_control":{"type":"ephemeral","ttl":"1h"}}]}
            """);

        var result = AnthropicRequestConverter.Convert(request, "claude-test");

        Assert.True(result.IsSuccess, result.Error?.Message);
        var sent = JsonNode.Parse(JsonSerializer.Serialize(result.Value, AnthropicJson.Context.MessagesRequest))!;
        Assert.Equal("1h", sent["tools"]![0]!["cache_control"]!["ttl"]!.GetValue<string>());
        Assert.Equal("1h", sent["system"]![0]!["cache_control"]!["ttl"]!.GetValue<string>());
        var messages = sent["messages"]!.AsArray();
        var lastTurn = messages[messages.Count - 1]!["content"]!.AsArray();
        Assert.Equal("tool_result", lastTurn[0]!["type"]!.GetValue<string>());
        Assert.Equal("ephemeral", lastTurn[0]!["cache_control"]!["type"]!.GetValue<string>());
        Assert.Equal("ephemeral", lastTurn[1]!["cache_control"]!["type"]!.GetValue<string>());
    }

    private static ChatCompletionRequest Parse(string json)
        => JsonSerializer.Deserialize(json, ProtocolJson.Context.ChatCompletionRequest)!;
}
