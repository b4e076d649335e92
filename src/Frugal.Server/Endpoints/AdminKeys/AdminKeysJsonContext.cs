using System.Text.Json.Serialization;

namespace Frugal.Server.Endpoints.AdminKeys;

/// <summary>The admin key API's JSON: snake_case like OpenAI's, unknown request fields refused, nulls written.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    WriteIndented = true)]
[JsonSerializable(typeof(CreateKeyBody))]
[JsonSerializable(typeof(PatchKeyBody))]
[JsonSerializable(typeof(KeyResponse))]
[JsonSerializable(typeof(KeyListResponse))]
internal sealed partial class AdminKeysJsonContext : JsonSerializerContext;
