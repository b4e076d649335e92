using System.Globalization;
using System.Text.Json;

namespace Frugal.Core.Configuration;

/// <summary>
/// Typed reads from a config's JSON that never throw: every problem is recorded with its JSON
/// path and reading goes on, so one run reports all the problems in a file, not just the first.
/// </summary>
public sealed class JsonConfigReader
{
    private readonly List<ConfigProblem> _problems = [];
    private readonly Dictionary<string, IReadOnlyCollection<string>> _knownKeys = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stringPaths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _secretOrigins = new(StringComparer.Ordinal);
    private readonly Func<string, string?> _environment;

    /// <param name="environment">Where <c>"env:NAME"</c> secrets are looked up; the process environment when null.</param>
    public JsonConfigReader(Func<string, string?>? environment = null)
    {
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    public IReadOnlyList<ConfigProblem> Problems => _problems;

    /// <summary>
    /// The keys each object the readers looked at may have, by JSON path: what environment overrides match their
    /// (case-insensitive) names against, so the readers stay the one source of truth for the schema.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyCollection<string>> KnownKeys => _knownKeys;

    /// <summary>The paths read as strings: an environment override of one is a string even when it looks like a number.</summary>
    public IReadOnlySet<string> StringPaths => _stringPaths;

    /// <summary>The paths of secret settings read so far and where each value came from (env:NAME, file:PATH, literal).</summary>
    public IReadOnlyDictionary<string, string> SecretOrigins => _secretOrigins;

    public void Report(string path, string message) => _problems.Add(new ConfigProblem(path, message));

    /// <summary>Returns the properties of an object after reporting keys that no reader knows (typos).</summary>
    public bool ExpectObject(JsonElement element, string path, IReadOnlyCollection<string> knownKeys)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Report(path, $"must be an object, not {Describe(element)}");
            return false;
        }

        _knownKeys[path] = knownKeys;
        foreach (var property in element.EnumerateObject())
        {
            if (!knownKeys.Contains(property.Name) && property.Name != "$schema")
            {
                Report(Child(path, property.Name), $"unknown setting; expected one of: {string.Join(", ", knownKeys)}");
            }
        }

        return true;
    }

    public string? String(JsonElement obj, string key, string path, bool required = false)
    {
        _stringPaths.Add(Child(path, key));
        if (!TryGet(obj, key, path, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Report(Child(path, key), $"must be a string, not {Describe(value)}");
            return null;
        }

        var text = value.GetString();
        if (required && string.IsNullOrWhiteSpace(text))
        {
            Report(Child(path, key), "must not be empty");
            return null;
        }

        return text;
    }

    /// <summary>
    /// A secret setting: a literal, <c>"env:NAME"</c> (that environment variable) or <c>"file:PATH"</c> (the file's
    /// text without its trailing newline, as Docker and Kubernetes secrets are mounted). A missing variable or file is
    /// a problem naming it; the value itself never appears in a problem.
    /// </summary>
    public string? Secret(JsonElement obj, string key, string path)
    {
        var text = String(obj, key, path);
        if (text is null)
        {
            return null;
        }

        var at = Child(path, key);
        if (text.StartsWith(SecretReference.EnvPrefix, StringComparison.Ordinal))
        {
            var name = text[SecretReference.EnvPrefix.Length..];
            _secretOrigins[at] = text;
            var value = name.Length == 0 ? null : _environment(name);
            if (string.IsNullOrEmpty(value))
            {
                Report(at, $"environment variable '{name}' is not set");
                return null;
            }

            return value;
        }

        if (text.StartsWith(SecretReference.FilePrefix, StringComparison.Ordinal))
        {
            var file = text[SecretReference.FilePrefix.Length..];
            _secretOrigins[at] = text;
            if (SecretReference.TryReadFile(file, out var content))
            {
                return content;
            }

            Report(at, $"secret file '{file}' does not exist or cannot be read");
            return null;
        }

        _secretOrigins[at] = SecretReference.Literal;
        return text;
    }

    /// <summary>A URL that is a secret (a webhook whose path or query holds a token): like <see cref="Secret"/>, checked like <see cref="AbsoluteHttpUrl"/> without echoing it.</summary>
    public Uri? SecretHttpUrl(JsonElement obj, string key, string path)
    {
        var text = Secret(obj, key, path);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            Report(Child(path, key), "is not an absolute http:// or https:// URL (the value is a secret, so it is not shown)");
            return null;
        }

        return uri;
    }

    public long? Integer(JsonElement obj, string key, string path, long min, long max)
    {
        if (!TryGet(obj, key, path, required: false, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            Report(Child(path, key), $"must be a whole number, not {Describe(value)}");
            return null;
        }

        if (number < min || number > max)
        {
            Report(Child(path, key), $"must be between {min} and {max}, not {number}");
            return null;
        }

        return number;
    }

    public decimal? Decimal(JsonElement obj, string key, string path, decimal min, decimal max)
    {
        if (!TryGet(obj, key, path, required: false, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number))
        {
            Report(Child(path, key), $"must be a number, not {Describe(value)}");
            return null;
        }

        if (number < min || number > max)
        {
            Report(Child(path, key), $"must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, not {number.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        return number;
    }

    public bool? Boolean(JsonElement obj, string key, string path)
    {
        if (!TryGet(obj, key, path, required: false, out var value))
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Report(Child(path, key), $"must be true or false, not {Describe(value)}");
            return null;
        }

        return value.GetBoolean();
    }

    public TEnum? Enum<TEnum>(JsonElement obj, string key, string path, IReadOnlyDictionary<string, TEnum> names)
        where TEnum : struct
    {
        var text = String(obj, key, path);
        if (text is null)
        {
            return null;
        }

        if (names.TryGetValue(text, out var value))
        {
            return value;
        }

        Report(Child(path, key), $"'{text}' is not one of: {string.Join(", ", names.Keys)}");
        return null;
    }

    public Uri? AbsoluteHttpUrl(JsonElement obj, string key, string path, bool required)
    {
        var text = String(obj, key, path, required);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            Report(Child(path, key), $"'{text}' is not an absolute http:// or https:// URL");
            return null;
        }

        return uri;
    }

    /// <summary>The properties of an optional object-valued setting (a map such as "providers").</summary>
    public IEnumerable<(string Name, JsonElement Value, string Path)> Map(JsonElement obj, string key, string path)
    {
        if (!TryGet(obj, key, path, required: false, out var value))
        {
            yield break;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Report(Child(path, key), $"must be an object, not {Describe(value)}");
            yield break;
        }

        foreach (var property in value.EnumerateObject())
        {
            yield return (property.Name, property.Value, Child(Child(path, key), property.Name));
        }
    }

    /// <summary>The elements of an optional array-valued setting, each with its path (<c>…aliases[2]</c>).</summary>
    public IEnumerable<(JsonElement Value, string Path)> Items(JsonElement obj, string key, string path, string description)
    {
        if (!TryGet(obj, key, path, required: false, out var value))
        {
            yield break;
        }

        var arrayPath = Child(path, key);
        if (value.ValueKind != JsonValueKind.Array)
        {
            Report(arrayPath, $"must be an array of {description}");
            yield break;
        }

        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            yield return (element, $"{arrayPath}[{index++}]");
        }
    }

    public bool TryGetSection(JsonElement obj, string key, string path, out JsonElement section)
        => TryGet(obj, key, path, required: false, out section);

    public static string Child(string path, string key)
        => key.All(c => char.IsLetterOrDigit(c) || c == '_') ? $"{path}.{key}" : $"{path}['{key}']";

    private bool TryGet(JsonElement obj, string key, string path, bool required, out JsonElement value)
    {
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(key, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        if (required)
        {
            Report(Child(path, key), "is required");
        }

        value = default;
        return false;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{value.GetString()}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
