using System.Text.Json;
using Frugal.Core.Configuration;

[assembly: ConfigSectionReader(typeof(Frugal.Core.PromptCache.PromptCacheConfigReader))]

namespace Frugal.Core.PromptCache;

/// <summary>
/// Reads the optional <c>promptCache</c> section: <c>"off"</c>/<c>"auto"</c> as a shorthand for the default mode, or
/// <c>{"mode", "routes": {name: mode}, "providers": {name: mode}, "maxPrefixes", "requestsPerKeyPerMinute",
/// "extendedRetention", "normalizeToolOrder": [route…]}</c>. Provider names are checked against <c>providers</c>.
/// </summary>
public sealed class PromptCacheConfigReader : ConfigSectionReader<PromptCacheConfig>
{
    private const string Path = "$.promptCache";

    private static readonly string[] SectionKeys = ["mode", "routes", "providers", "maxPrefixes", "requestsPerKeyPerMinute", "extendedRetention", "normalizeToolOrder"];

    private static readonly Dictionary<string, PromptCacheMode> ModeNames = new(StringComparer.Ordinal)
    {
        ["off"] = PromptCacheMode.Off,
        ["auto"] = PromptCacheMode.Auto,
    };

    public override IReadOnlyList<string> Keys => ["promptCache"];

    public override IReadOnlyList<string> ReadsAfter => ["providers"];

    public override PromptCacheConfig Read(ConfigReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reader = context.Reader;
        var defaults = new PromptCacheConfig();
        if (!reader.TryGetSection(context.Root, "promptCache", "$", out var section))
        {
            return defaults;
        }

        if (section.ValueKind == JsonValueKind.String)
        {
            return defaults with { Mode = ParseMode(section, Path, reader) ?? defaults.Mode };
        }

        if (!reader.ExpectObject(section, Path, SectionKeys))
        {
            return defaults;
        }

        var providers = ReadModes(section, "providers", reader);
        foreach (var name in providers.Keys)
        {
            if (!context.Config.Providers.ContainsKey(name))
            {
                reader.Report(JsonConfigReader.Child(JsonConfigReader.Child(Path, "providers"), name), $"'{name}' is not a configured provider");
            }
        }

        var normalize = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (value, itemPath) in reader.Items(section, "normalizeToolOrder", Path, "a route name"))
        {
            if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } route)
            {
                normalize.Add(route);
            }
            else
            {
                reader.Report(itemPath, "must be a route name");
            }
        }

        return defaults with
        {
            Mode = section.TryGetProperty("mode", out var mode) ? ParseMode(mode, JsonConfigReader.Child(Path, "mode"), reader) ?? defaults.Mode : defaults.Mode,
            Routes = ReadModes(section, "routes", reader),
            Providers = providers,
            MaxPrefixes = (int)(reader.Integer(section, "maxPrefixes", Path, 16, 10_000_000) ?? defaults.MaxPrefixes),
            RequestsPerKeyPerMinute = (int)(reader.Integer(section, "requestsPerKeyPerMinute", Path, 1, 100_000) ?? defaults.RequestsPerKeyPerMinute),
            ExtendedRetention = reader.Boolean(section, "extendedRetention", Path) ?? defaults.ExtendedRetention,
            NormalizeToolOrder = normalize,
        };
    }

    private static Dictionary<string, PromptCacheMode> ReadModes(JsonElement section, string key, JsonConfigReader reader)
    {
        var modes = new Dictionary<string, PromptCacheMode>(StringComparer.Ordinal);
        foreach (var (name, value, path) in reader.Map(section, key, Path))
        {
            if (ParseMode(value, path, reader) is { } mode)
            {
                modes[name] = mode;
            }
        }

        return modes;
    }

    private static PromptCacheMode? ParseMode(JsonElement value, string path, JsonConfigReader reader)
    {
        if (value.ValueKind == JsonValueKind.String && ModeNames.TryGetValue(value.GetString()!, out var mode))
        {
            return mode;
        }

        reader.Report(path, "must be \"off\" or \"auto\"");
        return null;
    }
}
