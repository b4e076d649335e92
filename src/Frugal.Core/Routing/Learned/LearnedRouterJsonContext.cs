using System.Text.Json.Serialization;

namespace Frugal.Core.Routing.Learned;

// Source-generated: no reflection at load time, and trimming/AOT keep working.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(LearnedRouterModelDocument))]
internal sealed partial class LearnedRouterJsonContext : JsonSerializerContext;
