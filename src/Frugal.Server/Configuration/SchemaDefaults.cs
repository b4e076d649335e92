using System.Text.Json.Nodes;
using Frugal.Core.Configuration;

namespace Frugal.Server.Configuration;

/// <summary>
/// The defaults of unset settings, taken from <c>schema/frugal.schema.json</c> (embedded; its test keeps it in step with
/// the readers), for showing the effective configuration. Sections whose presence turns a feature on (budgets) are not
/// filled in when absent, so the view never suggests a section the file does not have.
/// </summary>
public static class SchemaDefaults
{
    private const string ResourceName = "Frugal.Schema.frugal.schema.json";

    /// <summary>Root sections that must stay absent when the file leaves them out: writing them enables the feature.</summary>
    private static readonly string[] PresenceMatters = ["budgets"];

    private static readonly Lazy<JsonObject> Schema = new(Load);

    /// <summary>The schema document (what <c>GET /schema/frugal.json</c> style tooling would hand out).</summary>
    public static string Text()
    {
        using var stream = typeof(SchemaDefaults).Assembly.GetManifestResourceStream(ResourceName)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Adds every unset setting that has a default to <paramref name="document"/>; returns the paths it added.</summary>
    public static HashSet<string> Fill(JsonObject document)
    {
        var added = new HashSet<string>(StringComparer.Ordinal);
        Fill(document, Schema.Value, "$", added);
        return added;
    }

    private static void Fill(JsonObject target, JsonObject schema, string path, HashSet<string> added)
    {
        schema = Resolve(schema);
        if (schema["additionalProperties"] is JsonObject entrySchema)
        {
            foreach (var (name, entry) in target)
            {
                if (entry is JsonObject entryObject)
                {
                    Fill(entryObject, entrySchema, JsonConfigReader.Child(path, name), added); // providers, models, rules by name
                }
            }
        }

        if (schema["properties"] is not JsonObject properties)
        {
            return;
        }

        foreach (var (key, propertyNode) in properties)
        {
            if (key == "$schema" || propertyNode is not JsonObject propertySchema)
            {
                continue;
            }

            var property = Resolve(propertySchema);
            var childPath = JsonConfigReader.Child(path, key);
            if (target[key] is JsonObject present)
            {
                Fill(present, property, childPath, added);
            }
            else if (target.ContainsKey(key))
            {
                continue;
            }
            else if (property["default"] is { } value)
            {
                target[key] = value.DeepClone();
                added.Add(childPath);
            }
            else if (property["properties"] is JsonObject && !(path == "$" && PresenceMatters.Contains(key)))
            {
                var section = new JsonObject();
                Fill(section, property, childPath, added);
                if (section.Count > 0)
                {
                    target[key] = section;
                    added.Add(childPath);
                }
            }
        }
    }

    private static JsonObject Resolve(JsonObject schema)
        => schema["$ref"] is JsonValue reference && reference.GetValue<string>() is { } target && target.StartsWith("#/$defs/", StringComparison.Ordinal)
            ? (JsonObject)Schema.Value["$defs"]![target["#/$defs/".Length..]]!
            : schema;

    private static JsonObject Load() => (JsonObject)JsonNode.Parse(Text())!;
}
