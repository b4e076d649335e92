using Frugal.Protocol.Json;

namespace Frugal.Providers.Anthropic.Wire;

/// <summary>The serializer context for Anthropic wire JSON: relaxed escaping and depth exactly as <see cref="ProtocolJson.Context"/>.</summary>
public static class AnthropicJson
{
    public static AnthropicJsonContext Context { get; } = new(ProtocolJson.WireOptions(AnthropicJsonContext.Default.Options));
}
