using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Frugal.Core.Configuration.Sources;

/// <summary>
/// Applies <c>FRUGAL__…</c> environment variables to a config document before any section reader sees it, so an
/// override is checked exactly like the file. Object keys match the readers' keys case-insensitively (what the readers
/// reported as known at that path), map entries (providers, models…) match existing names case-insensitively,
/// arrays take an index (<c>__0__</c>; one past the end appends) or the <c>name</c>/<c>id</c> of an element. A value
/// is JSON when it parses as JSON and the setting is not read as a string (<c>true</c>, <c>3</c>, <c>[…]</c>, <c>{…}</c>,
/// <c>null</c> removes the setting), otherwise it is the text itself.
/// </summary>
public static class EnvironmentOverrides
{
    private static readonly string[] ElementNameKeys = ["name", "id"];

    /// <summary>The overrides in <paramref name="environment"/>, broad ones first (a whole section before one of its keys), then by name.</summary>
    public static IReadOnlyList<EnvironmentOverride> From(IReadOnlyDictionary<string, string> environment, List<ConfigProblem> problems)
    {
        var overrides = new List<EnvironmentOverride>();
        foreach (var (name, value) in environment)
        {
            if (!name.StartsWith(EnvironmentOverride.Prefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var segments = name[EnvironmentOverride.Prefix.Length..].Split(EnvironmentOverride.Separator);
            if (Array.Exists(segments, s => s.Length == 0))
            {
                problems.Add(new ConfigProblem(name, "an override names settings separated by '__' (e.g. FRUGAL__CACHE__ENABLED); this one has an empty part"));
                continue;
            }

            overrides.Add(new EnvironmentOverride(name, segments, value));
        }

        overrides.Sort((a, b) => a.Segments.Count != b.Segments.Count
            ? a.Segments.Count.CompareTo(b.Segments.Count)
            : string.CompareOrdinal(a.Variable, b.Variable));
        return overrides;
    }

    /// <summary>
    /// Writes every override into <paramref name="root"/> and returns the JSON path each one set (by variable);
    /// overrides that cannot be placed (an index past the end, a key below a plain value) are problems naming the variable.
    /// </summary>
    public static Dictionary<string, string> Apply(
        JsonObject root,
        IReadOnlyList<EnvironmentOverride> overrides,
        IReadOnlyDictionary<string, IReadOnlyCollection<string>> knownKeys,
        IReadOnlySet<string> stringPaths,
        List<ConfigProblem> problems)
    {
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in overrides)
        {
            if (TryApply(root, item, knownKeys, stringPaths, out var target, out var problem))
            {
                targets[item.Variable] = target;
            }
            else
            {
                problems.Add(new ConfigProblem(item.Variable, problem));
            }
        }

        return targets;
    }

    private static bool TryApply(
        JsonObject root,
        EnvironmentOverride item,
        IReadOnlyDictionary<string, IReadOnlyCollection<string>> knownKeys,
        IReadOnlySet<string> stringPaths,
        out string path,
        out string problem)
    {
        JsonNode parent = root;
        path = "$";
        problem = string.Empty;
        for (var i = 0; i < item.Segments.Count; i++)
        {
            var segment = item.Segments[i];
            var last = i == item.Segments.Count - 1;
            switch (parent)
            {
                case JsonObject obj:
                    {
                        var key = KeyFor(obj, path, segment, knownKeys);
                        var childPath = JsonConfigReader.Child(path, key);
                        if (last)
                        {
                            obj[key] = ValueFor(item.Value, obj[key], childPath, stringPaths);
                            path = childPath;
                            return true;
                        }

                        if (obj[key] is not (JsonObject or JsonArray))
                        {
                            if (obj[key] is not null)
                            {
                                problem = $"{childPath} is a plain value, so it has no setting '{item.Segments[i + 1]}'";
                                return false;
                            }

                            // A file without "providers" runs on the built-in ones: an override changes those, not replaces them.
                            obj[key] = path == "$" && key == "providers" ? BuiltInProviders() : new JsonObject();
                        }

                        parent = obj[key]!;
                        path = childPath;
                        break;
                    }

                case JsonArray array:
                    {
                        var index = IndexFor(array, segment);
                        if (index < 0 || index > array.Count)
                        {
                            problem = $"{path} has {array.Count} element(s); '{segment}' is neither an index up to {array.Count} nor the name or id of one";
                            return false;
                        }

                        var childPath = $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]";
                        if (index == array.Count)
                        {
                            // JsonNode? picks Add(JsonNode?); JsonObject? would pick the reflection-based Add<T> (IL2026 when trimmed).
                            array.Add(last ? null : (JsonNode)new JsonObject());
                        }

                        if (last)
                        {
                            array[index] = ValueFor(item.Value, array[index], childPath, stringPaths);
                            path = childPath;
                            return true;
                        }

                        if (array[index] is not (JsonObject or JsonArray))
                        {
                            problem = $"{childPath} is a plain value, so it has no setting '{item.Segments[i + 1]}'";
                            return false;
                        }

                        parent = array[index]!;
                        path = childPath;
                        break;
                    }

                default:
                    problem = $"{path} is a plain value";
                    return false;
            }
        }

        return true;
    }

    /// <summary>The reader's spelling of <paramref name="segment"/>, else an existing key spelt like it, else the segment as written.</summary>
    private static string KeyFor(JsonObject obj, string path, string segment, IReadOnlyDictionary<string, IReadOnlyCollection<string>> knownKeys)
    {
        if (knownKeys.TryGetValue(path, out var keys))
        {
            foreach (var key in keys)
            {
                if (string.Equals(key, segment, StringComparison.OrdinalIgnoreCase))
                {
                    return key;
                }
            }
        }

        foreach (var (key, _) in obj)
        {
            if (string.Equals(key, segment, StringComparison.OrdinalIgnoreCase))
            {
                return key;
            }
        }

        return segment;
    }

    private static int IndexFor(JsonArray array, string segment)
    {
        if (int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return index;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject element)
            {
                continue;
            }

            foreach (var nameKey in ElementNameKeys)
            {
                if (element[nameKey] is JsonValue name && name.TryGetValue<string>(out var text) && string.Equals(text, segment, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    private static JsonNode? ValueFor(string raw, JsonNode? existing, string path, IReadOnlySet<string> stringPaths)
    {
        if (stringPaths.Contains(path) || existing is JsonValue { } value && value.GetValueKind() == JsonValueKind.String)
        {
            return JsonValue.Create(raw);
        }

        try
        {
            return JsonNode.Parse(raw);
        }
        catch (JsonException)
        {
            return JsonValue.Create(raw);
        }
    }

    /// <summary><see cref="GatewayConfig.DefaultProviders"/> as the document would name them.</summary>
    private static JsonObject BuiltInProviders()
    {
        var providers = new JsonObject();
        foreach (var (name, provider) in GatewayConfig.DefaultProviders())
        {
            providers[name] = new JsonObject { ["kind"] = provider.Kind, ["baseUrl"] = provider.BaseUrl.AbsoluteUri, ["apiKeyEnv"] = provider.ApiKeyEnv };
        }

        return providers;
    }
}
