using System.Text.Json.Serialization;
using Frugal.Protocol.Anthropic;
using Frugal.Protocol.OpenAI;

namespace Frugal.Protocol.Json;

/// <summary>
/// Source-generated serializers for every wire type: no reflection on the hot path.
/// Use <see cref="ProtocolJson.Context"/>, which adds relaxed escaping so non-ASCII text is
/// written as UTF-8 rather than \u escapes (these payloads are JSON APIs, never HTML).
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatCompletionResponse))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(EmbeddingRequest))]
[JsonSerializable(typeof(EmbeddingResponse))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(MessagesRequest))]
[JsonSerializable(typeof(MessagesResponse))]
[JsonSerializable(typeof(StreamEvent))]
[JsonSerializable(typeof(AnthropicError))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
