using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Frugal.Core.Caching;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;

namespace Frugal.Tests.Caching;

public sealed class CacheKeyBuilderTests
{
    private const string Ns = "key:k1";

    private static ChatCompletionRequest Parse(string json) => JsonSerializer.Deserialize(json, ProtocolJson.Context.ChatCompletionRequest)!;

    private static string Key(string json, string ns = Ns) => CacheKeyBuilder.ExactKey(ns, Parse(json));

    [Fact]
    public void Every_request_field_is_classified_as_keyed_or_excluded()
    {
        var unclassified = typeof(ChatCompletionRequest).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null && p.GetCustomAttribute<JsonExtensionDataAttribute>() is null)
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name)
            .Where(name => !CacheKeyFields.Request.ContainsKey(name))
            .ToList();

        Assert.True(unclassified.Count == 0, $"Classify these ChatCompletionRequest fields in CacheKeyFields.Request (keyed or excluded, and why): {string.Join(", ", unclassified)}");
        Assert.All(CacheKeyFields.Request.Values, field => Assert.False(string.IsNullOrWhiteSpace(field.Why)));
    }

    [Fact]
    public void The_table_lists_no_field_the_request_does_not_have()
    {
        var names = typeof(ChatCompletionRequest).GetProperties().Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name).Where(n => n is not null).ToHashSet();
        Assert.All(CacheKeyFields.Request.Keys, name => Assert.Contains(name, names));
    }

    [Fact]
    public void Keys_are_versioned_hashes()
    {
        var key = Key("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""");
        Assert.Matches("^v1:[0-9a-f]{64}$", key);
    }

    [Fact]
    public void Key_order_and_whitespace_do_not_matter()
    {
        var a = Key("""{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":0.2,"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"number"}}}}}]}""");
        var b = Key("""
            {
              "tools": [ { "function": { "parameters": { "properties": { "b": {"type":"number"}, "a": {"type":"string"} }, "type": "object" }, "name": "f" }, "type": "function" } ],
              "temperature": 0.20,
              "messages": [ { "content": "hi", "role": "user" } ],
              "model": "m"
            }
            """);
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData(""", "temperature": 1""")]
    [InlineData(""", "top_p": 1.0""")]
    [InlineData(""", "n": 1""")]
    [InlineData(""", "presence_penalty": 0, "frequency_penalty": 0""")]
    [InlineData(""", "parallel_tool_calls": true""")]
    [InlineData(""", "logprobs": false""")]
    [InlineData(""", "response_format": {"type": "text"}""")]
    [InlineData(""", "logit_bias": {}""")]
    [InlineData(""", "stop": []""")]
    [InlineData(""", "tools": []""")]
    [InlineData(""", "tool_choice": "none" """)]
    [InlineData(""", "seed": null, "max_tokens": null""")]
    public void Defaults_are_normalised(string extra)
    {
        const string plain = """{"model":"m","messages":[{"role":"user","content":"hi"}]}""";
        Assert.Equal(Key(plain), Key(plain[..^1] + extra + "}"));
    }

    [Fact]
    public void A_single_text_part_is_the_same_as_a_string_and_a_single_stop_string_is_a_one_element_array()
    {
        Assert.Equal(
            Key("""{"model":"m","messages":[{"role":"user","content":"hi"}],"stop":"x"}"""),
            Key("""{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}],"stop":["x"]}"""));
    }

    [Fact]
    public void Tool_choice_auto_is_the_default_only_when_there_are_tools()
    {
        const string tools = """ "tools":[{"type":"function","function":{"name":"f"}}] """;
        Assert.Equal(
            Key($$"""{"model":"m","messages":[{"role":"user","content":"hi"}],{{tools}}}"""),
            Key($$"""{"model":"m","messages":[{"role":"user","content":"hi"}],{{tools}},"tool_choice":"auto"}"""));
        Assert.NotEqual(
            Key("""{"model":"m","messages":[{"role":"user","content":"hi"}]}"""),
            Key("""{"model":"m","messages":[{"role":"user","content":"hi"}],"tool_choice":"auto"}"""));
    }

    [Theory]
    [InlineData(""", "user": "end-user-42" """)]
    [InlineData(""", "stream": true""")]
    [InlineData(""", "stream": true, "stream_options": {"include_usage": true}""")]
    [InlineData(""", "metadata": {"team": "crm"}""")]
    [InlineData(""", "store": true""")]
    [InlineData(""", "service_tier": "flex" """)]
    [InlineData(""", "prompt_cache_key": "abc", "safety_identifier": "u1" """)]
    public void Excluded_fields_do_not_change_the_key(string extra)
    {
        const string plain = """{"model":"m","messages":[{"role":"user","content":"hi"}]}""";
        Assert.Equal(Key(plain), Key(plain[..^1] + extra + "}"));
    }

    public static TheoryData<string, string> KeyedChanges => new()
    {
        { "model", """ "model":"other" """ },
        { "messages", """ "messages":[{"role":"user","content":"hello"}] """ },
        { "max_tokens", """ "max_tokens": 10 """ },
        { "max_completion_tokens", """ "max_completion_tokens": 10 """ },
        { "temperature", """ "temperature": 0.5 """ },
        { "top_p", """ "top_p": 0.5 """ },
        { "n", """ "n": 2 """ },
        { "seed", """ "seed": 7 """ },
        { "stop", """ "stop": ["\n"] """ },
        { "tools", """ "tools":[{"type":"function","function":{"name":"f"}}] """ },
        { "tool_choice", """ "tool_choice": "required" """ },
        { "parallel_tool_calls", """ "parallel_tool_calls": false """ },
        { "response_format", """ "response_format": {"type":"json_object"} """ },
        { "logprobs", """ "logprobs": true """ },
        { "top_logprobs", """ "top_logprobs": 2 """ },
        { "presence_penalty", """ "presence_penalty": 0.5 """ },
        { "frequency_penalty", """ "frequency_penalty": 0.5 """ },
        { "logit_bias", """ "logit_bias": {"50256": -100} """ },
        { "reasoning_effort", """ "reasoning_effort": "high" """ },
        { "(unknown extension)", """ "frobnicate": 3 """ },
    };

    [Theory]
    [MemberData(nameof(KeyedChanges))]
    public void Every_keyed_field_changes_the_key(string field, string change)
    {
        const string baseline = """{"model":"m","messages":[{"role":"user","content":"hi"}]}""";
        var changed = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(baseline)!;
        foreach (var (name, value) in JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("{" + change + "}")!)
        {
            changed[name] = value;
        }

        Assert.NotEqual(Key(baseline), Key(JsonSerializer.Serialize(changed)));
        if (CacheKeyFields.Request.TryGetValue(field, out var classified))
        {
            Assert.Equal(CacheKeyRole.Keyed, classified.Role);
        }
    }

    [Fact]
    public void Every_keyed_field_of_the_table_is_covered_by_the_changes_above()
    {
        var covered = KeyedChanges.Select(row => (string)row[0]).ToHashSet();
        var keyed = CacheKeyFields.Request.Where(f => f.Value.Role == CacheKeyRole.Keyed).Select(f => f.Key);
        Assert.All(keyed, name => Assert.Contains(name, covered));
    }

    [Fact]
    public void Namespaces_separate_tenants()
    {
        const string body = """{"model":"m","messages":[{"role":"user","content":"hi"}]}""";
        Assert.NotEqual(Key(body, "key:a"), Key(body, "key:b"));
        Assert.NotEqual(Key(body, "team:x"), Key(body, "shared:x"));
    }

    [Fact]
    public void The_context_key_ignores_only_the_last_message()
    {
        string Ctx(string last, string system = "Be brief.") => CacheKeyBuilder.ContextKey(Ns, Parse(
            $$"""{"model":"m","messages":[{"role":"system","content":"{{system}}"},{"role":"user","content":"{{last}}"}]}"""));

        Assert.Equal(Ctx("how do I reset my password"), Ctx("how can I reset my password?"));
        Assert.NotEqual(Ctx("a", system: "Be brief."), Ctx("a", system: "Be verbose."));
        Assert.StartsWith("ctx1:", Ctx("a"), StringComparison.Ordinal);
        Assert.NotEqual(Ctx("a"), CacheKeyBuilder.ContextKey("key:other", Parse("""{"model":"m","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"a"}]}""")));
    }
}
