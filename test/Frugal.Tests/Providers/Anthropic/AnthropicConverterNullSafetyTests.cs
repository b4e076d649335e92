using System.Text.Json;
using Frugal.Core.Pipeline;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;
using Frugal.Providers.Anthropic;
using Frugal.Providers.Anthropic.Wire;

namespace Frugal.Tests.Providers.Anthropic;

/// <summary>
/// Issue #12 finding 6 (Anthropic part): JSON nulls where the converters expect objects are the
/// client's (or the upstream's) mistake, answered as values — never a NullReferenceException.
/// </summary>
public sealed class AnthropicConverterNullSafetyTests
{
    [Theory]
    [InlineData("""{"model":"c","tools":[null],"messages":[{"role":"user","content":"hi"}]}""", "tools[0]")]
    [InlineData("""{"model":"c","tools":[{"type":"function","function":{"name":"f"}},null],"messages":[{"role":"user","content":"hi"}]}""", "tools[1]")]
    [InlineData("""{"model":"c","messages":[{"role":"user","content":"hi"},{"role":"assistant","tool_calls":[null]}]}""", "messages[1].tool_calls[0]")]
    [InlineData("""{"model":"c","messages":[null]}""", "messages[0]")]
    [InlineData("""{"model":"c","messages":[{"role":"user","content":"hi"},null]}""", "messages[1]")]
    [InlineData("""{"model":"c","messages":[{"role":"user","content":[null]}]}""", "messages[0].content[0]")]
    [InlineData("""{"model":"c","messages":[{"role":"system","content":[{"type":"text","text":"s"},null]},{"role":"user","content":"hi"}]}""", "messages[0].content[1]")]
    [InlineData("""{"model":"c","messages":[{"role":"user","content":"hi"},{"role":"assistant","content":[null]}]}""", "messages[1].content[0]")]
    public void Nulls_in_the_request_are_a_400_naming_the_field(string json, string param)
    {
        var request = JsonSerializer.Deserialize(json, ProtocolJson.Context.ChatCompletionRequest)!;

        var result = AnthropicRequestConverter.Convert(request, "claude-test");

        Assert.False(result.IsSuccess);
        Assert.Equal(GatewayErrorKind.InvalidRequest, result.Error.Kind);
        Assert.Equal(400, result.Error.StatusCode);
        Assert.Equal(param, result.Error.Param);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, null, "temperature")]
    [InlineData(null, double.NaN, "top_p")]
    public void Non_finite_sampling_numbers_are_a_400(double? temperature, double? topP, string param)
    {
        var request = new ChatCompletionRequest
        {
            Model = "c",
            Temperature = temperature,
            TopP = topP,
            Messages = [new ChatMessage { Role = "user", Content = JsonSerializer.SerializeToElement("hi", ProtocolJson.Context.String) }],
        };

        var result = AnthropicRequestConverter.Convert(request, "claude-test");

        Assert.Equal(param, Assert.IsType<GatewayError>(result.Error).Param);
    }

    [Theory]
    [InlineData("""{"id":"m","type":"message","content":null,"usage":{"input_tokens":1,"output_tokens":1}}""")]
    [InlineData("""{"id":"m","type":"message","content":[null],"usage":{"input_tokens":1,"output_tokens":1}}""")]
    [InlineData("""{"id":"m","type":"message","content":[{"type":"text","text":"a"},null]}""")]
    public void A_response_with_null_content_is_unusable_and_still_converts_without_throwing(string json)
    {
        var response = JsonSerializer.Deserialize(json, AnthropicJson.Context.MessagesResponse)!;

        Assert.False(AnthropicResponseConverter.IsUsable(response));
        var converted = AnthropicResponseConverter.Convert(response, 0);
        Assert.Single(converted.Choices);
    }

    [Fact]
    public void Absurd_usage_counts_saturate_instead_of_wrapping_to_negative()
    {
        var usage = AnthropicResponseConverter.ConvertUsage(new AnthropicUsage
        {
            InputTokens = long.MaxValue,
            CacheReadInputTokens = long.MaxValue,
            OutputTokens = long.MaxValue,
        });

        Assert.Equal(long.MaxValue, usage.PromptTokens);
        Assert.Equal(long.MaxValue, usage.TotalTokens);
    }
}
