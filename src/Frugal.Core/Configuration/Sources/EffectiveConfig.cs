using System.Text.Json.Nodes;

namespace Frugal.Core.Configuration.Sources;

/// <summary>
/// A config as the gateway would run it: the load result, the merged document (file, then environment overrides)
/// the readers checked, where each override landed, and which settings are secrets (and where each came from).
/// </summary>
public sealed record EffectiveConfig(
    ConfigLoadResult Result,
    JsonObject Document,
    IReadOnlyDictionary<string, string> OverrideTargets,
    IReadOnlyDictionary<string, string> SecretOrigins)
{
    /// <summary>The keys the readers accept at each object path they read (for tooling: the schema test compares them with schema/frugal.schema.json).</summary>
    public IReadOnlyDictionary<string, IReadOnlyCollection<string>> KnownKeys { get; init; } = new Dictionary<string, IReadOnlyCollection<string>>();

    /// <summary>Where the setting at <paramref name="path"/> came from: <c>env:VARIABLE</c> when an override set it or a value around it, else <c>file</c>.</summary>
    public string OriginOf(string path)
    {
        string? best = null;
        var bestLength = -1;
        foreach (var (variable, target) in OverrideTargets)
        {
            if (ConfigPaths.IsWithin(path, target) && target.Length > bestLength)
            {
                best = variable;
                bestLength = target.Length;
            }
        }

        return best is null ? "file" : "env:" + best;
    }
}
