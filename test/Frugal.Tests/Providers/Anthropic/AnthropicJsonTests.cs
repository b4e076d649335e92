using System.Text.Encodings.Web;
using System.Text.Json;
using Frugal.Protocol.Json;
using Frugal.Providers.Anthropic.Wire;

namespace Frugal.Tests.Providers.Anthropic;

/// <summary>Anthropic's own serializer context (issue #13 item 6) keeps the wire rules of the one it left: relaxed escaping, depth 128.</summary>
public sealed class AnthropicJsonTests
{
    [Fact]
    public void The_anthropic_context_has_the_protocol_wire_options()
    {
        Assert.Same(JavaScriptEncoder.UnsafeRelaxedJsonEscaping, AnthropicJson.Context.Options.Encoder);
        Assert.Equal(ProtocolJson.MaxWriteDepth, AnthropicJson.Context.Options.MaxDepth);
        Assert.Equal(ProtocolJson.Context.Options.MaxDepth, AnthropicJson.Context.Options.MaxDepth);
        Assert.Same(ProtocolJson.Context.Options.Encoder, AnthropicJson.Context.Options.Encoder);
    }

    [Fact]
    public void Non_ascii_text_is_written_as_utf8_not_escapes()
    {
        var request = new MessagesRequest { Model = "claude", MaxTokens = 1, Messages = [new AnthropicMessage { Role = "user", Content = [new ContentBlock { Type = "text", Text = "预算 <b>&</b>" }] }] };

        var json = JsonSerializer.Serialize(request, AnthropicJson.Context.MessagesRequest);

        Assert.Contains("预算 <b>&</b>", json, StringComparison.Ordinal);
    }
}
