using System.Text.Json.Serialization;
using Frugal.Providers.Anthropic.Wire;

namespace Frugal.Providers.Anthropic.Batch;

/// <summary>
/// Source-generated serializers for Message Batches objects, with the generation options of
/// <see cref="AnthropicJsonContext"/>. Use <see cref="AnthropicBatchJson.Context"/>.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(MessageBatch))]
[JsonSerializable(typeof(List<UnconvertedLine>))]
public sealed partial class AnthropicBatchJsonContext : JsonSerializerContext;
