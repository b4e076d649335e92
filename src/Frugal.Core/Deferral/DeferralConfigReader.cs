using System.Text.Json;
using Frugal.Core.Configuration;

[assembly: Frugal.Core.Configuration.ConfigSectionReader(typeof(Frugal.Core.Deferral.DeferralConfigReader))]

namespace Frugal.Core.Deferral;

/// <summary>
/// Reads the optional <c>deferral</c> section: <c>{"enabled", "maxBatchSize", "maxAgeSeconds", "gatherIntervalSeconds",
/// "retentionHours", "webhook": {"secret", "secretEnv", "maxAttempts", "initialBackoffSeconds", "maxBackoffSeconds",
/// "timeoutSeconds"}, "keys", "teams", "tags", "routes": {name: {"defer": "24h"|"off", "webhook": url}},
/// "models": {name: {"maxBatchSize", "maxAgeSeconds"}}}</c>.
/// </summary>
public sealed class DeferralConfigReader : ConfigSectionReader<DeferralConfig>
{
    public override IReadOnlyList<string> Keys => ["deferral"];

    public override DeferralConfig Read(ConfigReadContext context) => Read(context.Root, context.Reader);

    private static readonly string[] SectionKeys = ["enabled", "maxBatchSize", "maxAgeSeconds", "gatherIntervalSeconds", "retentionHours", "webhook", "keys", "teams", "tags", "routes", "models"];
    private static readonly string[] WebhookKeys = ["secret", "secretEnv", "maxAttempts", "initialBackoffSeconds", "maxBackoffSeconds", "timeoutSeconds"];
    private static readonly string[] RuleKeys = ["defer", "webhook"];
    private static readonly string[] GatheringKeys = ["maxBatchSize", "maxAgeSeconds"];

    /// <summary>The largest batch Frugal's batch jobs accept (OpenAI's line limit).</summary>
    public const int MaxLinesPerBatch = 50_000;

    public static DeferralConfig Read(JsonElement root, JsonConfigReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        const string path = "$.deferral";
        var defaults = new DeferralConfig();
        if (!reader.TryGetSection(root, "deferral", "$", out var section) || !reader.ExpectObject(section, path, SectionKeys))
        {
            return defaults;
        }

        var maxBatchSize = (int)(reader.Integer(section, "maxBatchSize", path, 1, MaxLinesPerBatch) ?? defaults.MaxBatchSize);
        var maxAge = Seconds(reader.Integer(section, "maxAgeSeconds", path, 1, 86_400)) ?? defaults.MaxAge;
        return defaults with
        {
            Enabled = reader.Boolean(section, "enabled", path) ?? defaults.Enabled,
            MaxBatchSize = maxBatchSize,
            MaxAge = maxAge,
            GatherInterval = Seconds(reader.Integer(section, "gatherIntervalSeconds", path, 1, 3600)) ?? defaults.GatherInterval,
            Retention = reader.Integer(section, "retentionHours", path, 1, 24 * 366) is { } hours ? TimeSpan.FromHours(hours) : defaults.Retention,
            Webhook = ReadWebhook(section, path, reader),
            Keys = ReadRules(section, "keys", path, reader),
            Teams = ReadRules(section, "teams", path, reader),
            Tags = ReadRules(section, "tags", path, reader),
            Routes = ReadRules(section, "routes", path, reader),
            Models = ReadGathering(section, path, reader, new DeferralGathering(maxBatchSize, maxAge)),
        };
    }

    private static TimeSpan? Seconds(long? value) => value is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    private static DeferralWebhookConfig ReadWebhook(JsonElement section, string sectionPath, JsonConfigReader reader)
    {
        var defaults = new DeferralWebhookConfig();
        if (!reader.TryGetSection(section, "webhook", sectionPath, out var webhook))
        {
            return defaults;
        }

        var path = JsonConfigReader.Child(sectionPath, "webhook");
        if (!reader.ExpectObject(webhook, path, WebhookKeys))
        {
            return defaults;
        }

        var read = defaults with
        {
            Secret = reader.Secret(webhook, "secret", path), // value, env:NAME or file:PATH; masked by config validate
            SecretEnv = reader.String(webhook, "secretEnv", path),
            MaxAttempts = (int)(reader.Integer(webhook, "maxAttempts", path, 1, 100) ?? defaults.MaxAttempts),
            InitialBackoff = Seconds(reader.Integer(webhook, "initialBackoffSeconds", path, 1, 86_400)) ?? defaults.InitialBackoff,
            MaxBackoff = Seconds(reader.Integer(webhook, "maxBackoffSeconds", path, 1, 7 * 86_400)) ?? defaults.MaxBackoff,
            Timeout = Seconds(reader.Integer(webhook, "timeoutSeconds", path, 1, 300)) ?? defaults.Timeout,
        };
        if (read.Secret is not null && read.SecretEnv is not null)
        {
            reader.Report(JsonConfigReader.Child(path, "secret"), "set either secret or secretEnv, not both");
        }

        return read;
    }

    private static Dictionary<string, DeferralRule> ReadRules(JsonElement section, string key, string path, JsonConfigReader reader)
    {
        var rules = new Dictionary<string, DeferralRule>(StringComparer.Ordinal);
        foreach (var (name, value, rulePath) in reader.Map(section, key, path))
        {
            if (!reader.ExpectObject(value, rulePath, RuleKeys))
            {
                continue;
            }

            bool? defer = null;
            if (reader.String(value, "defer", rulePath) is { } directive)
            {
                if (DeferralDirective.TryParse(directive, out var parsed))
                {
                    defer = parsed;
                }
                else
                {
                    reader.Report(JsonConfigReader.Child(rulePath, "defer"), $"must be one of: {DeferralDirective.Accepted}");
                }
            }

            Uri? webhook = null;
            if (reader.String(value, "webhook", rulePath) is { } url)
            {
                if (WebhookTarget.TryParse(url, out var target, out var problem))
                {
                    webhook = target;
                }
                else
                {
                    reader.Report(JsonConfigReader.Child(rulePath, "webhook"), problem);
                }
            }

            rules[name] = new DeferralRule(defer, webhook);
        }

        return rules;
    }

    private static Dictionary<string, DeferralGathering> ReadGathering(JsonElement section, string path, JsonConfigReader reader, DeferralGathering defaults)
    {
        var models = new Dictionary<string, DeferralGathering>(StringComparer.Ordinal);
        foreach (var (name, value, modelPath) in reader.Map(section, "models", path))
        {
            if (reader.ExpectObject(value, modelPath, GatheringKeys))
            {
                models[name] = new DeferralGathering(
                    (int)(reader.Integer(value, "maxBatchSize", modelPath, 1, MaxLinesPerBatch) ?? defaults.MaxBatchSize),
                    Seconds(reader.Integer(value, "maxAgeSeconds", modelPath, 1, 86_400)) ?? defaults.MaxAge);
            }
        }

        return models;
    }
}
