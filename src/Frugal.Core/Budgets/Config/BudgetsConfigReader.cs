using System.Text.Json;
using Frugal.Core.Configuration;

[assembly: Frugal.Core.Configuration.ConfigSectionReader(typeof(Frugal.Core.Budgets.Config.BudgetsConfigReader))]

namespace Frugal.Core.Budgets.Config;

/// <summary>
/// Reads the optional <c>budgets</c> section (see README "Budgets and rate limits"); every problem
/// with its JSON path. <see cref="ReadBudget"/> also checks the bodies of <c>PUT /admin/budgets</c>.
/// </summary>
public sealed class BudgetsConfigReader : ConfigSectionReader<BudgetsConfig>
{
    public override IReadOnlyList<string> Keys => ["budgets"];

    public override BudgetsConfig Read(ConfigReadContext context) => Read(context.Root, context.Reader);

    private static readonly string[] SectionKeys = ["storage", "onStoreUnavailable", "defaultMaxOutputTokens", "minOutputTokens", "unpricedModels", "evaluationSpend", "alertWebhook", "refreshSeconds", "limits", "rateLimits"];
    private static readonly string[] BudgetKeys = ["id", "scope", "subject", "window", "usd", "thresholds"];
    private static readonly string[] ThresholdKeys = ["at", "action"];
    private static readonly string[] RateKeys = ["scope", "subject", "requestsPerMinute", "tokensPerMinute", "maxOutputTokens"];

    private static readonly Dictionary<string, BudgetStorageKind> Storages = new(StringComparer.Ordinal) { ["sqlite"] = BudgetStorageKind.Sqlite, ["redis"] = BudgetStorageKind.Redis };
    private static readonly Dictionary<string, bool> Policies = new(StringComparer.Ordinal) { ["closed"] = false, ["open"] = true };
    private static readonly Dictionary<string, bool> Unpriced = new(StringComparer.Ordinal) { ["reject"] = false, ["allow"] = true };
    private static readonly Dictionary<string, bool> EvaluationSpend = new(StringComparer.Ordinal) { ["excluded"] = false, ["counted"] = true };

    public static readonly IReadOnlyDictionary<string, BudgetScope> Scopes = new Dictionary<string, BudgetScope>(StringComparer.Ordinal)
    {
        ["key"] = BudgetScope.Key,
        ["team"] = BudgetScope.Team,
        ["tag"] = BudgetScope.Tag,
        ["global"] = BudgetScope.Global,
    };

    private static readonly Dictionary<string, BudgetAction> Actions = new(StringComparer.Ordinal)
    {
        ["alert"] = BudgetAction.Alert,
        ["downgrade"] = BudgetAction.Downgrade,
        ["block"] = BudgetAction.Block,
    };

    private static readonly Dictionary<string, BudgetScope> RateScopes = new(StringComparer.Ordinal) { ["key"] = BudgetScope.Key, ["team"] = BudgetScope.Team };

    public static BudgetsConfig Read(JsonElement root, JsonConfigReader reader)
    {
        const string path = "$.budgets";
        var defaults = new BudgetsConfig();
        if (!reader.TryGetSection(root, "budgets", "$", out var section) || !reader.ExpectObject(section, path, SectionKeys))
        {
            return defaults;
        }

        var budgets = new List<BudgetDefinition>();
        foreach (var (element, itemPath) in reader.Items(section, "limits", path, "budget objects"))
        {
            if (ReadBudget(element, itemPath, reader, "config") is { } budget)
            {
                if (budgets.Any(b => b.Id == budget.Id))
                {
                    reader.Report(itemPath, $"a second budget with id '{budget.Id}'; give one of them another \"id\"");
                    continue;
                }

                budgets.Add(budget);
            }
        }

        var rates = new List<RateLimitRule>();
        foreach (var (element, itemPath) in reader.Items(section, "rateLimits", path, "rate limit objects"))
        {
            if (ReadRateLimit(element, itemPath, reader) is { } rule)
            {
                rates.Add(rule);
            }
        }

        var refresh = reader.Integer(section, "refreshSeconds", path, 1, 3600);
        var defaultOutput = reader.Integer(section, "defaultMaxOutputTokens", path, 1, 1_000_000);
        var minOutput = reader.Integer(section, "minOutputTokens", path, 1, 100_000);
        return defaults with
        {
            Enabled = true,
            Storage = reader.Enum(section, "storage", path, Storages) ?? defaults.Storage,
            FailOpen = reader.Enum(section, "onStoreUnavailable", path, Policies) ?? defaults.FailOpen,
            DefaultMaxOutputTokens = (int)(defaultOutput ?? defaults.DefaultMaxOutputTokens),
            MinOutputTokens = (int)(minOutput ?? defaults.MinOutputTokens),
            AllowUnpriced = reader.Enum(section, "unpricedModels", path, Unpriced) ?? defaults.AllowUnpriced,
            CountEvaluationSpend = reader.Enum(section, "evaluationSpend", path, EvaluationSpend) ?? defaults.CountEvaluationSpend,
            AlertWebhook = reader.SecretHttpUrl(section, "alertWebhook", path), // its URL often carries a token
            RefreshInterval = refresh is { } seconds ? TimeSpan.FromSeconds(seconds) : defaults.RefreshInterval,
            Budgets = budgets,
            RateLimits = rates,
        };
    }

    /// <summary>One budget object: <c>{"id"?, "scope", "subject", "window", "usd", "thresholds"?}</c>; null after reporting its problems.</summary>
    public static BudgetDefinition? ReadBudget(JsonElement element, string path, JsonConfigReader reader, string source)
    {
        if (!reader.ExpectObject(element, path, BudgetKeys))
        {
            return null;
        }

        var problems = reader.Problems.Count;
        var scope = reader.Enum(element, "scope", path, Scopes);
        if (scope is null && !element.TryGetProperty("scope", out _))
        {
            reader.Report(JsonConfigReader.Child(path, "scope"), "is required: key, team, tag or global");
        }

        var subject = reader.String(element, "subject", path);
        if (scope is { } s && s != BudgetScope.Global && string.IsNullOrWhiteSpace(subject))
        {
            reader.Report(JsonConfigReader.Child(path, "subject"), $"is required for scope \"{BudgetDefinition.ScopeName(s)}\" (the key id or name, team or tag)");
        }

        var windowText = reader.String(element, "window", path, required: true);
        var window = BudgetWindow.TryParse(windowText);
        if (windowText is not null && window is null)
        {
            reader.Report(JsonConfigReader.Child(path, "window"), $"'{windowText}' is not one of: daily, monthly, rolling:Nd (N = 1..366 days)");
        }

        var usd = reader.Decimal(element, "usd", path, 0m, 1_000_000_000m);
        if (usd is null && !element.TryGetProperty("usd", out _))
        {
            reader.Report(JsonConfigReader.Child(path, "usd"), "is required: the limit in US dollars");
        }

        var thresholds = ReadThresholds(element, path, reader);
        var id = reader.String(element, "id", path);
        if (id is not null && (string.IsNullOrWhiteSpace(id) || id.Length > 200))
        {
            reader.Report(JsonConfigReader.Child(path, "id"), "must be 1 to 200 characters");
        }

        if (reader.Problems.Count > problems || scope is null || window is null || usd is null)
        {
            return null;
        }

        var finalSubject = scope == BudgetScope.Global ? "*" : subject!;
        return new BudgetDefinition
        {
            Id = id ?? BudgetDefinition.DefaultId(scope.Value, finalSubject, window),
            Scope = scope.Value,
            Subject = finalSubject,
            Window = window,
            LimitUsd = usd.Value,
            Thresholds = thresholds ?? BudgetThreshold.Defaults,
            Source = source,
        };
    }

    private static List<BudgetThreshold>? ReadThresholds(JsonElement element, string path, JsonConfigReader reader)
    {
        if (!element.TryGetProperty("thresholds", out _))
        {
            return null;
        }

        var thresholds = new List<BudgetThreshold>();
        foreach (var (item, itemPath) in reader.Items(element, "thresholds", path, "{\"at\": 0.8, \"action\": \"alert\"} objects"))
        {
            if (!reader.ExpectObject(item, itemPath, ThresholdKeys))
            {
                continue;
            }

            var at = reader.Decimal(item, "at", itemPath, 0.01m, 1m);
            if (at is null && !item.TryGetProperty("at", out _))
            {
                reader.Report(JsonConfigReader.Child(itemPath, "at"), "is required: a share of the limit from 0.01 to 1");
            }

            var action = reader.Enum(item, "action", itemPath, Actions) ?? BudgetAction.Alert;
            if (at is { } share)
            {
                if (thresholds.Any(t => t.At == share))
                {
                    reader.Report(JsonConfigReader.Child(itemPath, "at"), $"a second threshold at {share}; one action per share");
                    continue;
                }

                thresholds.Add(new BudgetThreshold(share, action));
            }
        }

        return [.. thresholds.OrderBy(t => t.At)];
    }

    private static RateLimitRule? ReadRateLimit(JsonElement element, string path, JsonConfigReader reader)
    {
        if (!reader.ExpectObject(element, path, RateKeys))
        {
            return null;
        }

        var problems = reader.Problems.Count;
        var scope = reader.Enum(element, "scope", path, RateScopes);
        if (scope is null && !element.TryGetProperty("scope", out _))
        {
            reader.Report(JsonConfigReader.Child(path, "scope"), "is required: key or team");
        }

        var subject = reader.String(element, "subject", path, required: true);
        var rpm = reader.Integer(element, "requestsPerMinute", path, 1, 100_000_000);
        var tpm = reader.Integer(element, "tokensPerMinute", path, 1, 10_000_000_000);
        var maxOutput = reader.Integer(element, "maxOutputTokens", path, 1, 10_000_000);
        if (maxOutput is not null && scope == BudgetScope.Team)
        {
            reader.Report(JsonConfigReader.Child(path, "maxOutputTokens"), "is a per-key cap: use it with scope \"key\"");
        }

        if (rpm is null && tpm is null && maxOutput is null && reader.Problems.Count == problems)
        {
            reader.Report(path, "sets nothing: give requestsPerMinute, tokensPerMinute or maxOutputTokens");
        }

        if (reader.Problems.Count > problems || scope is null || subject is null)
        {
            return null;
        }

        return new RateLimitRule { Scope = scope.Value, Subject = subject, RequestsPerMinute = rpm, TokensPerMinute = tpm, MaxOutputTokens = (int?)maxOutput };
    }
}
