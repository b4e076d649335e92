using System.Text.Json;
using Frugal.Core.PromptCache;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;

namespace Frugal.Tests.PromptCache;

/// <summary>
/// <c>normalizeToolOrder</c>: tools sorted by name and their parameter schemas in canonical JSON, so two calls that list
/// the same tools differently start with the same bytes — and nothing the model reads changes meaning.
/// </summary>
public sealed class ToolNormalizationTests
{
    private const string WeatherSchema = """{ "type": "object", "properties": { "unit": { "enum": ["c", "f"] }, "city": { "type": "string", "maxLength": 1.50e2 } }, "required": ["unit", "city"] }""";
    private const string WeatherSchemaReordered = """{"required":["unit","city"],"properties":{"city":{"maxLength":1.50e2,"type":"string"},"unit":{"enum":["c","f"]}},"type":"object"}""";

    [Fact]
    public void Tools_already_sorted_with_canonical_schemas_are_left_alone()
    {
        var chat = Request(("a_lookup", """{"properties":{"q":{"type":"string"}},"type":"object"}"""), ("b_weather", null));

        Assert.Null(ToolOrder.Canonical(chat));
    }

    [Fact]
    public void Tools_are_sorted_by_name_on_a_copy()
    {
        var chat = Request(("weather", null), ("lookup", null));

        var canonical = ToolOrder.Canonical(chat);

        Assert.NotNull(canonical);
        Assert.Equal(["lookup", "weather"], canonical.Tools!.Select(t => t.Function!.Name));
        Assert.Equal(["weather", "lookup"], chat.Tools!.Select(t => t.Function!.Name)); // the client's request is untouched
    }

    [Fact]
    public void Two_spellings_of_one_schema_become_the_same_bytes_and_keep_every_value()
    {
        var first = ToolOrder.Canonical(Request(("weather", WeatherSchema)));
        var second = ToolOrder.Canonical(Request(("weather", WeatherSchemaReordered)));

        Assert.NotNull(first);
        Assert.NotNull(second);
        var firstBody = JsonSerializer.Serialize(first, ProtocolJson.Context.ChatCompletionRequest);
        Assert.Equal(firstBody, JsonSerializer.Serialize(second, ProtocolJson.Context.ChatCompletionRequest));
        var parameters = first.Tools![0].Function!.Parameters!.Value;
        Assert.True(JsonElement.DeepEquals(parameters, JsonDocument.Parse(WeatherSchema).RootElement)); // same meaning
        Assert.Contains("1.50e2", parameters.GetRawText(), StringComparison.Ordinal); // numbers keep their spelling
        Assert.Contains("\"required\":[\"unit\",\"city\"]", parameters.GetRawText(), StringComparison.Ordinal); // arrays keep their order
    }

    [Fact]
    public void A_canonical_schema_is_recognised_as_such()
    {
        var once = ToolOrder.Canonical(Request(("weather", WeatherSchema)));

        Assert.NotNull(once);
        Assert.Null(ToolOrder.Canonical(once)); // idempotent: nothing left to change
    }

    private static ChatCompletionRequest Request(params (string Name, string? Schema)[] tools) => new()
    {
        Model = "claude-sonnet-4",
        Tools = [.. tools.Select(t => new ChatTool
        {
            Type = "function",
            Function = new FunctionDefinition
            {
                Name = t.Name,
                Parameters = t.Schema is null ? null : JsonDocument.Parse(t.Schema).RootElement.Clone(),
            },
        })],
    };
}
