using System.Text.Json.Serialization;

namespace Frugal.Providers.Anthropic.Wire;

/// <summary>
/// Source-generated serializers for Anthropic's Messages API types, with the same generation options
/// as <see cref="Frugal.Protocol.Json.ProtocolJsonContext"/>. Use <see cref="AnthropicJson.Context"/>.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(MessagesRequest))]
[JsonSerializable(typeof(MessagesResponse))]
[JsonSerializable(typeof(StreamEvent))]
[JsonSerializable(typeof(AnthropicError))]
public sealed partial class AnthropicJsonContext : JsonSerializerContext;
