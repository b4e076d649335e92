using System.Text.Json.Serialization;
using Frugal.Protocol.OpenAI;

namespace Frugal.Protocol.Json;

/// <summary>
/// Source-generated serializers for every OpenAI wire type: no reflection on the hot path. (A provider
/// kind with its own wire format has its own context next to its types, with the same options.)
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
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
