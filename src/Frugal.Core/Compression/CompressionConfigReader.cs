using System.Text.Json;
using Frugal.Core.Configuration;

[assembly: Frugal.Core.Configuration.ConfigSectionReader(typeof(Frugal.Core.Compression.CompressionConfigReader))]

namespace Frugal.Core.Compression;

/// <summary>
/// Reads the optional <c>compression</c> section: <c>{"enabled", "techniques", "targetRatio", "targetTokens",
/// "minPromptTokens", "minPartTokens", "scorer", "history": {"thresholdTokens", "keepTokens", "summarizeDropped",
/// "summaryTimeoutMs"}, "keys", "models"}</c>; a key or model rule takes <c>{"enabled", "techniques", "targetRatio",
/// "targetTokens", "minPromptTokens", "scorer", "summarizeDropped"}</c>.
/// </summary>
public sealed class CompressionConfigReader : ConfigSectionReader<CompressionConfig>
{
    public override IReadOnlyList<string> Keys => ["compression"];

    public override CompressionConfig Read(ConfigReadContext context) => Read(context.Root, context.Reader);

    private static readonly string[] SectionKeys = ["enabled", "techniques", "targetRatio", "targetTokens", "minPromptTokens", "minPartTokens", "scorer", "history", "keys", "models"];
    private static readonly string[] RuleKeys = ["enabled", "techniques", "targetRatio", "targetTokens", "minPromptTokens", "scorer", "summarizeDropped"];
    private static readonly string[] HistoryKeys = ["thresholdTokens", "keepTokens", "summarizeDropped", "summaryTimeoutMs"];

    private static readonly Dictionary<string, CompressionTechniques> TechniqueNames = new(StringComparer.Ordinal)
    {
        ["lossless"] = CompressionTechniques.Lossless,
        ["select"] = CompressionTechniques.Select,
        ["history"] = CompressionTechniques.History,
    };

    public static CompressionConfig Read(JsonElement root, JsonConfigReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        const string path = "$.compression";
        var defaults = new CompressionConfig();
        if (!reader.TryGetSection(root, "compression", "$", out var section) || !reader.ExpectObject(section, path, SectionKeys))
        {
            return defaults;
        }

        var settings = defaults.Defaults;
        var rule = ReadRule(section, path, reader);
        settings = Apply(settings, rule) with
        {
            MinPartTokens = (int)(reader.Integer(section, "minPartTokens", path, 1, 10_000_000) ?? settings.MinPartTokens),
        };
        if (reader.TryGetSection(section, "history", path, out var history))
        {
            var historyPath = JsonConfigReader.Child(path, "history");
            if (reader.ExpectObject(history, historyPath, HistoryKeys))
            {
                var threshold = (int)(reader.Integer(history, "thresholdTokens", historyPath, 2, 10_000_000) ?? settings.HistoryThresholdTokens);
                var keep = (int)(reader.Integer(history, "keepTokens", historyPath, 1, 10_000_000) ?? Math.Min(settings.HistoryKeepTokens, threshold / 2));
                if (keep >= threshold)
                {
                    reader.Report(JsonConfigReader.Child(historyPath, "keepTokens"), $"must be less than thresholdTokens ({threshold})");
                    keep = threshold / 2;
                }

                settings = settings with
                {
                    HistoryThresholdTokens = threshold,
                    HistoryKeepTokens = keep,
                    SummarizeDropped = reader.Boolean(history, "summarizeDropped", historyPath) ?? settings.SummarizeDropped,
                    SummaryTimeoutMs = (int)(reader.Integer(history, "summaryTimeoutMs", historyPath, 100, 600_000) ?? settings.SummaryTimeoutMs),
                };
            }
        }

        return defaults with
        {
            Enabled = reader.Boolean(section, "enabled", path) ?? defaults.Enabled,
            Defaults = settings,
            Keys = ReadRules(section, "keys", path, reader),
            Models = ReadRules(section, "models", path, reader),
        };
    }

    /// <summary>The settings with a rule's overrides applied (what the policy does per request, and the reader for the section's own values).</summary>
    public static CompressionSettings Apply(CompressionSettings settings, CompressionRule? rule)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return rule is null ? settings : settings with
        {
            Techniques = rule.Techniques ?? settings.Techniques,
            TargetRatio = rule.TargetRatio ?? settings.TargetRatio,
            TargetTokens = rule.TargetTokens ?? settings.TargetTokens,
            MinPromptTokens = rule.MinPromptTokens ?? settings.MinPromptTokens,
            Scorer = rule.Scorer ?? settings.Scorer,
            SummarizeDropped = rule.SummarizeDropped ?? settings.SummarizeDropped,
        };
    }

    private static Dictionary<string, CompressionRule> ReadRules(JsonElement section, string key, string path, JsonConfigReader reader)
    {
        var rules = new Dictionary<string, CompressionRule>(StringComparer.Ordinal);
        foreach (var (name, value, rulePath) in reader.Map(section, key, path))
        {
            if (reader.ExpectObject(value, rulePath, RuleKeys))
            {
                rules[name] = ReadRule(value, rulePath, reader);
            }
        }

        return rules;
    }

    private static CompressionRule ReadRule(JsonElement value, string path, JsonConfigReader reader) => new()
    {
        Enabled = reader.Boolean(value, "enabled", path),
        Techniques = ReadTechniques(value, path, reader),
        TargetRatio = (double?)reader.Decimal(value, "targetRatio", path, 1m, 1000m),
        TargetTokens = (int?)reader.Integer(value, "targetTokens", path, 1, 10_000_000),
        MinPromptTokens = (int?)reader.Integer(value, "minPromptTokens", path, 0, 10_000_000),
        Scorer = ReadScorer(value, path, reader),
        SummarizeDropped = reader.Boolean(value, "summarizeDropped", path),
    };

    private static CompressionScorer? ReadScorer(JsonElement value, string path, JsonConfigReader reader)
    {
        if (!value.TryGetProperty("scorer", out var scorer))
        {
            return null;
        }

        switch (scorer.ValueKind == JsonValueKind.String ? scorer.GetString() : null)
        {
            case "bm25":
                return CompressionScorer.Bm25;
            case "hybrid":
                return CompressionScorer.Hybrid;
            default:
                reader.Report(JsonConfigReader.Child(path, "scorer"), "must be \"bm25\" or \"hybrid\"");
                return null;
        }
    }

    private static CompressionTechniques? ReadTechniques(JsonElement value, string path, JsonConfigReader reader)
    {
        if (!value.TryGetProperty("techniques", out var list))
        {
            return null;
        }

        var techniques = CompressionTechniques.None;
        foreach (var (item, itemPath) in reader.Items(value, "techniques", path, "a technique name"))
        {
            if (item.ValueKind == JsonValueKind.String && TechniqueNames.TryGetValue(item.GetString()!, out var technique))
            {
                techniques |= technique;
            }
            else
            {
                reader.Report(itemPath, $"must be one of: {string.Join(", ", TechniqueNames.Keys)}");
            }
        }

        return list.ValueKind == JsonValueKind.Array ? techniques : null;
    }
}
