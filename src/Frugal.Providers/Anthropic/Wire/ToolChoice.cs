using System.Text.Json.Serialization;

namespace Frugal.Providers.Anthropic.Wire;

/// <summary><c>auto</c>, <c>any</c>, <c>tool</c> (with <see cref="Name"/>) or <c>none</c>.</summary>
public sealed class ToolChoice
{
    [JsonPropertyName("type")] public required string Type { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("disable_parallel_tool_use")] public bool? DisableParallelToolUse { get; set; }
}
