using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Frugal.Core.Configuration;
using Frugal.Core.Configuration.Sources;

namespace Frugal.Server.Configuration;

/// <summary>
/// What <c>frugal config validate</c> prints: the configuration as the gateway runs it (defaults, then the file, then
/// the environment overrides) with every secret setting shown as <c>*** (where it came from)</c>, and on request each
/// setting's origin (default, file or env:VARIABLE). Defaults come from <see cref="SchemaDefaults"/>.
/// </summary>
public static class EffectiveConfigView
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The merged document as indented JSON, secrets masked.</summary>
    public static string Json(EffectiveConfig effective)
    {
        var (masked, _) = Masked(effective);
        return masked.ToJsonString(Indented);
    }

    /// <summary>One line per setting: <c>path = value  (file | env:VARIABLE)</c>, secrets masked.</summary>
    public static string Origins(EffectiveConfig effective)
    {
        var lines = new StringBuilder();
        var (masked, defaults) = Masked(effective);
        Walk(masked, "$", effective, defaults, lines);
        return lines.ToString();
    }

    private static (JsonObject Document, HashSet<string> Defaults) Masked(EffectiveConfig effective)
    {
        var copy = (JsonObject)effective.Document.DeepClone();
        Mask(copy, "$", effective);
        var defaults = SchemaDefaults.Fill(copy);
        return (copy, defaults);
    }

    private static void Mask(JsonNode node, string path, EffectiveConfig effective)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var childPath = JsonConfigReader.Child(path, key);
                    if (effective.SecretOrigins.TryGetValue(childPath, out var origin))
                    {
                        obj[key] = MaskOf(origin, childPath, effective);
                    }
                    else if (obj[key] is { } child)
                    {
                        Mask(child, childPath, effective);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } element)
                    {
                        Mask(element, $"{path}[{i}]", effective);
                    }
                }

                break;
        }
    }

    /// <summary><c>*** (env:REDIS_PASSWORD)</c>, <c>*** (file:/run/secrets/x)</c>; a value written out: where it was written.</summary>
    private static string MaskOf(string origin, string path, EffectiveConfig effective)
        => origin == SecretReference.Literal
            ? $"{SecretReference.Mask} ({effective.OriginOf(path)})"
            : $"{SecretReference.Mask} ({origin})";

    private static void Walk(JsonNode? node, string path, EffectiveConfig effective, HashSet<string> defaults, StringBuilder lines)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                foreach (var (key, child) in obj)
                {
                    Walk(child, JsonConfigReader.Child(path, key), effective, defaults, lines);
                }

                break;
            case JsonArray array when array.Count > 0:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{path}[{i}]", effective, defaults, lines);
                }

                break;
            default:
                var value = node?.ToJsonString(Indented) ?? "null";
                var origin = defaults.Any(d => ConfigPaths.IsWithin(path, d)) ? "default" : effective.OriginOf(path);
                lines.Append(path).Append(" = ").Append(value).Append("  (").Append(origin).Append(')').Append('\n');
                break;
        }
    }
}
