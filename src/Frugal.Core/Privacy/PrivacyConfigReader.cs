using System.Text.Json;
using System.Text.RegularExpressions;
using Frugal.Core.Configuration;

[assembly: Frugal.Core.Configuration.ConfigSectionReader(typeof(Frugal.Core.Privacy.PrivacyConfigReader))]

namespace Frugal.Core.Privacy;

/// <summary>
/// Reads the optional <c>privacy</c> section: <c>{"enabled", "mode", "entities", "threshold", "timeoutMs",
/// "providers", "routes", "keys", "patterns", "denyLists"}</c>. Entity names are checked against the built-in types
/// plus the section's own patterns and deny-lists; providers against the configured ones; every problem with its path.
/// </summary>
public sealed partial class PrivacyConfigReader : ConfigSectionReader<PrivacyConfig>
{
    public override IReadOnlyList<string> Keys => ["privacy"];

    public override IReadOnlyList<string> ReadsAfter => ["providers"];

    private static readonly string[] SectionKeys = ["enabled", "mode", "entities", "threshold", "timeoutMs", "providers", "routes", "keys", "patterns", "denyLists"];
    private static readonly string[] RuleKeys = ["mode", "entities"];
    private static readonly string[] PatternKeys = ["name", "pattern", "score", "context"];
    private static readonly string[] DenyListKeys = ["name", "values"];

    private static readonly Dictionary<string, PiiAction> Actions = new(StringComparer.Ordinal)
    {
        ["off"] = PiiAction.Off,
        ["mask"] = PiiAction.Mask,
        ["redact"] = PiiAction.Redact,
        ["block"] = PiiAction.Block,
    };

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex EntityName();

    public override PrivacyConfig Read(ConfigReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Read(context.Root, context.Reader, [.. context.Config.Providers.Keys]);
    }

    public static PrivacyConfig Read(JsonElement root, JsonConfigReader reader, IReadOnlyCollection<string> providerNames)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(providerNames);
        const string path = "$.privacy";
        var defaults = new PrivacyConfig();
        if (!reader.TryGetSection(root, "privacy", "$", out var section) || !reader.ExpectObject(section, path, SectionKeys))
        {
            return defaults;
        }

        var patterns = ReadPatterns(section, path, reader);
        var denyLists = ReadDenyLists(section, path, reader);
        var known = new HashSet<string>(PiiEntityType.BuiltIn.Select(e => e.Name), StringComparer.Ordinal);
        foreach (var name in patterns.Select(p => p.Name).Concat(denyLists.Select(d => d.Name)))
        {
            if (!known.Add(name))
            {
                reader.Report(path, $"entity type '{name}' is defined twice (patterns and denyLists names must be unique and differ from built-in types)");
            }
        }

        var providers = ReadRules(section, "providers", path, reader, known);
        foreach (var name in providers.Keys.Where(p => !providerNames.Contains(p)))
        {
            reader.Report(JsonConfigReader.Child(JsonConfigReader.Child(path, "providers"), name), $"'{name}' is not a configured provider");
        }

        var timeout = reader.Integer(section, "timeoutMs", path, 1, 60_000);
        return defaults with
        {
            Enabled = reader.Boolean(section, "enabled", path) ?? defaults.Enabled,
            Mode = reader.Enum(section, "mode", path, Actions) ?? defaults.Mode,
            Entities = ReadEntities(section, path, reader, known),
            Threshold = (double?)reader.Decimal(section, "threshold", path, 0m, 1m) ?? defaults.Threshold,
            Timeout = timeout is { } ms ? TimeSpan.FromMilliseconds(ms) : defaults.Timeout,
            Providers = providers,
            Routes = ReadRules(section, "routes", path, reader, known),
            Keys = ReadRules(section, "keys", path, reader, known),
            Patterns = patterns,
            DenyLists = denyLists,
        };
    }

    private static Dictionary<string, PiiAction> ReadEntities(JsonElement obj, string path, JsonConfigReader reader, HashSet<string> known)
    {
        var entities = new Dictionary<string, PiiAction>(StringComparer.Ordinal);
        foreach (var (name, value, entityPath) in reader.Map(obj, "entities", path))
        {
            if (!known.Contains(name))
            {
                reader.Report(entityPath, $"'{name}' is not an entity type (built-in: {string.Join(", ", PiiEntityType.BuiltIn.Select(e => e.Name))}; or a name from patterns/denyLists)");
                continue;
            }

            if (value.ValueKind != JsonValueKind.String || !Actions.TryGetValue(value.GetString()!, out var action))
            {
                reader.Report(entityPath, "must be one of: off, mask, redact, block");
                continue;
            }

            entities[name] = action;
        }

        return entities;
    }

    private static Dictionary<string, PrivacyRule> ReadRules(JsonElement section, string key, string path, JsonConfigReader reader, HashSet<string> known)
    {
        var rules = new Dictionary<string, PrivacyRule>(StringComparer.Ordinal);
        foreach (var (name, value, rulePath) in reader.Map(section, key, path))
        {
            if (!reader.ExpectObject(value, rulePath, RuleKeys))
            {
                continue;
            }

            rules[name] = new PrivacyRule
            {
                Mode = reader.Enum(value, "mode", rulePath, Actions),
                Entities = ReadEntities(value, rulePath, reader, known),
            };
        }

        return rules;
    }

    private static List<CustomPatternConfig> ReadPatterns(JsonElement section, string path, JsonConfigReader reader)
    {
        var patterns = new List<CustomPatternConfig>();
        foreach (var (value, itemPath) in reader.Items(section, "patterns", path, "pattern objects"))
        {
            if (!reader.ExpectObject(value, itemPath, PatternKeys))
            {
                continue;
            }

            var name = ReadName(value, itemPath, reader);
            var pattern = reader.String(value, "pattern", itemPath, required: true);
            if (name is null || pattern is null)
            {
                continue;
            }

            try
            {
                _ = new Regex(pattern, RegexOptions.CultureInvariant);
            }
            catch (ArgumentException ex)
            {
                reader.Report(JsonConfigReader.Child(itemPath, "pattern"), $"is not a valid regular expression: {ex.Message}");
                continue;
            }

            var context = new List<string>();
            foreach (var (word, wordPath) in reader.Items(value, "context", itemPath, "strings"))
            {
                if (word.ValueKind == JsonValueKind.String && word.GetString() is { Length: > 0 } text)
                {
                    context.Add(text);
                }
                else
                {
                    reader.Report(wordPath, "must be a non-empty string");
                }
            }

            patterns.Add(new CustomPatternConfig
            {
                Name = name,
                Pattern = pattern,
                Score = (double?)reader.Decimal(value, "score", itemPath, 0m, 1m) ?? 0.8,
                Context = context,
            });
        }

        return patterns;
    }

    private static List<DenyListConfig> ReadDenyLists(JsonElement section, string path, JsonConfigReader reader)
    {
        var lists = new List<DenyListConfig>();
        foreach (var (value, itemPath) in reader.Items(section, "denyLists", path, "deny-list objects"))
        {
            if (!reader.ExpectObject(value, itemPath, DenyListKeys))
            {
                continue;
            }

            var name = ReadName(value, itemPath, reader);
            var values = new List<string>();
            foreach (var (item, valuePath) in reader.Items(value, "values", itemPath, "strings"))
            {
                if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: >= 2 } text)
                {
                    values.Add(text);
                }
                else
                {
                    reader.Report(valuePath, "must be a string of at least 2 characters");
                }
            }

            if (name is not null)
            {
                lists.Add(new DenyListConfig { Name = name, Values = values });
            }
        }

        return lists;
    }

    private static string? ReadName(JsonElement value, string itemPath, JsonConfigReader reader)
    {
        var name = reader.String(value, "name", itemPath, required: true);
        if (name is not null && !EntityName().IsMatch(name))
        {
            reader.Report(JsonConfigReader.Child(itemPath, "name"), "must be upper-case letters, digits and underscores, starting with a letter (it becomes the placeholder tag)");
            return null;
        }

        return name;
    }
}
