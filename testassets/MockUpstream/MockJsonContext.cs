using System.Text.Json.Serialization;

namespace Frugal.MockUpstream;

/// <summary>Source-generated (reflection-free) JSON for the admin endpoints.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(MockStatsSnapshot))]
[JsonSerializable(typeof(IReadOnlyList<RecordedRequest>))]
internal sealed partial class MockJsonContext : JsonSerializerContext;
