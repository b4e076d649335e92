using System.Text.Json.Serialization;

namespace Frugal.Providers.OpenAICompatible.Batch;

/// <summary>
/// Source-generated serializers for OpenAI's Files and Batches objects, with the generation options of
/// <see cref="Frugal.Protocol.Json.ProtocolJsonContext"/>. Use <see cref="OpenAIBatchJson.Context"/>.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(OpenAIBatchObject))]
[JsonSerializable(typeof(OpenAIFileObject))]
[JsonSerializable(typeof(OpenAIBatchCreateRequest))]
public sealed partial class OpenAIBatchJsonContext : JsonSerializerContext;
