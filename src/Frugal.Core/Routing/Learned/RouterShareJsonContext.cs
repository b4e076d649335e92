using System.Text.Json.Serialization;

namespace Frugal.Core.Routing.Learned;

// Source-generated like the model file's context: no reflection when a route restores its window.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RouterShareDocument))]
internal sealed partial class RouterShareJsonContext : JsonSerializerContext;
