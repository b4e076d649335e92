using System.Globalization;
using System.Text.Json;
using Frugal.Core.Caching.Semantic.Embedding;
using Frugal.Core.Configuration;
using Frugal.Core.Routing.Classification;
using Frugal.Core.Routing.Learned;

[assembly: Frugal.Core.Configuration.ConfigSectionReader(typeof(Frugal.Core.Routing.Routes.RoutesConfigReader))]

namespace Frugal.Core.Routing.Routes;

/// <summary>
/// Reads the optional <c>routes</c> section (route name → route) and <c>routing</c> section
/// (circuit breaker, sticky memory, shadow queue). Every model a route names must be a configured
/// model or <c>provider/model</c> of a configured provider; router.json files are loaded here, so a
/// broken one is a config error with its path, not a failing request.
/// </summary>
public sealed class RoutesConfigReader : ConfigSectionReader<RoutingConfig>
{
    public override IReadOnlyList<string> Keys => ["routes", "routing"];

    public override IReadOnlyList<string> ReadsAfter => ["providers", "models"];

    public override RoutingConfig Read(ConfigReadContext context) => Read(context.Root, context.Reader, context.Config, context.BaseDirectory);

    private static readonly string[] RouteKeys = ["strategy", "targets", "priority", "tiers", "rules", "model", "weak", "strong", "strongShare", "threshold", "shareWindow", "sticky", "shadow"];
    private static readonly string[] TierKeys = ["fast", "balanced", "powerful"];
    private static readonly string[] ShadowKeys = ["sample", "judge"];
    private static readonly string[] RuleKeys = ["simpleKeywords", "mediumKeywords", "complexKeywords", "expertKeywords", "mediumThreshold", "complexThreshold", "expertThreshold"];
    private static readonly string[] RoutingKeys = ["circuitBreaker", "sticky", "shadow"];
    private static readonly string[] BreakerKeys = ["failureThreshold", "coolDownSeconds"];
    private static readonly string[] StickyKeys = ["maxConversations", "ttlMinutes"];
    private static readonly string[] ShadowQueueKeys = ["queueCapacity"];

    private static readonly Dictionary<string, RouteStrategy> Strategies = new(StringComparer.Ordinal)
    {
        ["failover"] = RouteStrategy.Failover,
        ["complexity"] = RouteStrategy.Complexity,
        ["learned"] = RouteStrategy.Learned,
    };

    private static readonly Dictionary<string, ModelPriority> Priorities = new(StringComparer.Ordinal)
    {
        ["cost"] = ModelPriority.Cost,
        ["quality"] = ModelPriority.Quality,
        ["speed"] = ModelPriority.Speed,
    };

    /// <param name="baseDirectory">Where a relative router.json path is resolved from: the config file's folder.</param>
    public static RoutingConfig Read(JsonElement root, JsonConfigReader reader, GatewayConfig config, string baseDirectory)
    {
        var routing = ReadRouting(root, reader);
        var routes = new Dictionary<string, RouteConfig>(StringComparer.Ordinal);
        foreach (var (name, value, path) in reader.Map(root, "routes", "$"))
        {
            if (string.IsNullOrWhiteSpace(name) || name.Contains('/', StringComparison.Ordinal))
            {
                reader.Report(path, "a route name must be non-empty and must not contain '/' (that is how provider/model is written)");
                continue;
            }

            if (config.Models.ContainsKey(name))
            {
                reader.Report(path, $"'{name}' is already a configured model; a route needs its own name");
                continue;
            }

            if (ReadRoute(name, value, path, reader, config, baseDirectory) is { } route)
            {
                routes[name] = route;
            }
        }

        return routing with { Routes = routes };
    }

    /// <summary>True when <paramref name="model"/> is a configured model or provider/model of a configured provider.</summary>
    public static bool IsKnownModel(string model, GatewayConfig config)
    {
        if (config.Models.ContainsKey(model))
        {
            return true;
        }

        var slash = model.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < model.Length - 1 && config.Providers.ContainsKey(model[..slash]);
    }

    private static RouteConfig? ReadRoute(string name, JsonElement value, string path, JsonConfigReader reader, GatewayConfig config, string baseDirectory)
    {
        if (!reader.ExpectObject(value, path, RouteKeys))
        {
            return null;
        }

        var strategy = value.TryGetProperty("strategy", out _)
            ? reader.Enum(value, "strategy", path, Strategies)
            : RouteStrategy.Failover;
        if (strategy is null)
        {
            return null;
        }

        var route = new RouteConfig
        {
            Name = name,
            Strategy = strategy.Value,
            Sticky = reader.Boolean(value, "sticky", path) ?? false,
        };
        var problems = reader.Problems.Count;
        route = strategy.Value switch
        {
            RouteStrategy.Failover => ReadFailover(route, value, path, reader, config),
            RouteStrategy.Complexity => ReadComplexity(route, value, path, reader, config),
            _ => ReadLearned(route, value, path, reader, config, baseDirectory),
        };
        NotFor(value, path, reader, strategy.Value);
        route = route with { Shadow = ReadShadow(value, path, reader, config, strategy.Value) };
        return reader.Problems.Count == problems ? route : null;
    }

    private static RouteConfig ReadFailover(RouteConfig route, JsonElement value, string path, JsonConfigReader reader, GatewayConfig config)
    {
        var targets = new List<string>();
        foreach (var (item, itemPath) in reader.Items(value, "targets", path, "model names"))
        {
            if (Model(item, itemPath, reader, config) is { } model)
            {
                if (targets.Contains(model, StringComparer.Ordinal))
                {
                    reader.Report(itemPath, $"'{model}' is listed twice");
                }

                targets.Add(model);
            }
        }

        if (targets.Count == 0 && reader.Problems.All(p => !p.Path.StartsWith(JsonConfigReader.Child(path, "targets"), StringComparison.Ordinal)))
        {
            reader.Report(JsonConfigReader.Child(path, "targets"), "a failover route needs at least one target, e.g. [\"openai/gpt-4o\", \"anthropic/claude-sonnet-4\"]");
        }

        return route with { Targets = targets };
    }

    private static RouteConfig ReadComplexity(RouteConfig route, JsonElement value, string path, JsonConfigReader reader, GatewayConfig config)
    {
        var tiersPath = JsonConfigReader.Child(path, "tiers");
        TierModelMap? tiers = null;
        if (!reader.TryGetSection(value, "tiers", path, out var tiersElement))
        {
            reader.Report(tiersPath, "a complexity route needs its models: {\"fast\": …, \"balanced\": …, \"powerful\": …}");
        }
        else if (reader.ExpectObject(tiersElement, tiersPath, TierKeys))
        {
            var fast = ModelSetting(tiersElement, "fast", tiersPath, reader, config);
            var balanced = ModelSetting(tiersElement, "balanced", tiersPath, reader, config);
            var powerful = ModelSetting(tiersElement, "powerful", tiersPath, reader, config);
            tiers = fast is null || balanced is null || powerful is null ? null : new TierModelMap(fast, balanced, powerful);
        }

        return route with
        {
            Tiers = tiers,
            Priority = reader.Enum(value, "priority", path, Priorities) ?? ModelPriority.Cost,
            Rules = ReadRules(value, path, reader),
        };
    }

    /// <summary>Recent decisions a learned route's share controller looks at unless "shareWindow" says otherwise: ±1.5 points of sampling noise at a 30 % share.</summary>
    public const int DefaultShareWindow = 1000;

    private const int MaxShareWindow = 100_000;

    private static RouteConfig ReadLearned(RouteConfig route, JsonElement value, string path, JsonConfigReader reader, GatewayConfig config, string baseDirectory)
    {
        var weak = ModelSetting(value, "weak", path, reader, config);
        var strong = ModelSetting(value, "strong", path, reader, config);
        var threshold = reader.Decimal(value, "threshold", path, 0, 1);
        var strongShare = reader.Decimal(value, "strongShare", path, 0, 1);
        if (threshold is not null && strongShare is not null)
        {
            reader.Report(JsonConfigReader.Child(path, "strongShare"), "give \"threshold\" or \"strongShare\", not both");
        }

        var shareWindow = reader.Integer(value, "shareWindow", path, 0, MaxShareWindow);
        if (shareWindow is > 0 and < 20)
        {
            reader.Report(JsonConfigReader.Child(path, "shareWindow"), "must be 0 (a fixed threshold) or at least 20 recent decisions");
        }
        else if (threshold is not null && shareWindow is > 0)
        {
            reader.Report(JsonConfigReader.Child(path, "shareWindow"), "holds a strong share on live traffic; a fixed \"threshold\" has none (give \"strongShare\" or leave the model's rule)");
        }

        var file = reader.String(value, "model", path, required: true);
        if (file is null)
        {
            return route with { Weak = weak, Strong = strong };
        }

        var modelPath = JsonConfigReader.Child(path, "model");
        var full = Path.GetFullPath(Path.IsPathRooted(file) ? file : Path.Combine(baseDirectory, file));
        LearnedRouterModel? model = null;
        try
        {
            model = LearnedRouterModel.Load(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            reader.Report(modelPath, $"cannot load router model '{full}': {ex.Message}");
        }

        if (model is not null && threshold is { } t)
        {
            model = model.WithThreshold((double)t, string.Create(CultureInfo.InvariantCulture, $"config threshold {t}"));
        }
        else if (model is not null && strongShare is { } share)
        {
            if (model.ScoreQuantiles is null)
            {
                reader.Report(JsonConfigReader.Child(path, "strongShare"), "the router model records no score quantiles; retrain it with this build or give \"threshold\"");
                model = null;
            }
            else
            {
                model = model.WithThreshold(model.ThresholdForStrongShare((double)share), string.Create(CultureInfo.InvariantCulture, $"config strong-share {share}"));
            }
        }

        if (model is { NeedsEmbedding: true } && (model.Features.Embedder == "http" || !EmbedderFactory.Kinds.Contains(model.Features.Embedder!, StringComparer.Ordinal)))
        {
            reader.Report(modelPath, $"the router model needs the embedder '{model.Features.Embedder}', which is not a local embedder of this build ({string.Join(", ", EmbedderFactory.Kinds.Where(k => k != "http"))})");
            model = null;
        }

        // Hold a share unless the operator fixed the threshold: the configured one, else what the model's rule reached in training.
        var target = threshold is not null || model is null ? (double?)null : strongShare is { } s ? (double)s : model.Info.ExpectedStrongShare;
        var window = target is null ? 0 : shareWindow is { } w ? (int)w : DefaultShareWindow;
        return route with { Weak = weak, Strong = strong, LearnedModel = model, LearnedModelPath = full, TargetStrongShare = window > 0 ? target : null, ShareWindow = window };
    }

    private static ComplexityRules ReadRules(JsonElement value, string path, JsonConfigReader reader)
    {
        var rules = new ComplexityRules();
        var rulesPath = JsonConfigReader.Child(path, "rules");
        if (!reader.TryGetSection(value, "rules", path, out var section) || !reader.ExpectObject(section, rulesPath, RuleKeys))
        {
            return rules;
        }

        rules = rules with
        {
            SimpleKeywords = Keywords(section, "simpleKeywords", rulesPath, reader) ?? rules.SimpleKeywords,
            MediumKeywords = Keywords(section, "mediumKeywords", rulesPath, reader) ?? rules.MediumKeywords,
            ComplexKeywords = Keywords(section, "complexKeywords", rulesPath, reader) ?? rules.ComplexKeywords,
            ExpertKeywords = Keywords(section, "expertKeywords", rulesPath, reader) ?? rules.ExpertKeywords,
            MediumThreshold = (double?)reader.Decimal(section, "mediumThreshold", rulesPath, -100, 100) ?? rules.MediumThreshold,
            ComplexThreshold = (double?)reader.Decimal(section, "complexThreshold", rulesPath, -100, 100) ?? rules.ComplexThreshold,
            ExpertThreshold = (double?)reader.Decimal(section, "expertThreshold", rulesPath, -100, 100) ?? rules.ExpertThreshold,
        };
        foreach (var problem in rules.Validate())
        {
            reader.Report(rulesPath, problem);
        }

        return rules;
    }

    private static List<string>? Keywords(JsonElement section, string key, string path, JsonConfigReader reader)
    {
        if (!section.TryGetProperty(key, out _))
        {
            return null;
        }

        var words = new List<string>();
        foreach (var (item, itemPath) in reader.Items(section, key, path, "keywords"))
        {
            if (item.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(item.GetString()))
            {
                words.Add(item.GetString()!);
            }
            else
            {
                reader.Report(itemPath, "a keyword must be a non-empty string");
            }
        }

        return words;
    }

    private static ShadowConfig? ReadShadow(JsonElement value, string path, JsonConfigReader reader, GatewayConfig config, RouteStrategy strategy)
    {
        var shadowPath = JsonConfigReader.Child(path, "shadow");
        if (!reader.TryGetSection(value, "shadow", path, out var section) || !reader.ExpectObject(section, shadowPath, ShadowKeys))
        {
            return null;
        }

        if (strategy == RouteStrategy.Failover)
        {
            reader.Report(shadowPath, "shadow labelling needs a cheaper and a stronger model: use it on a complexity or learned route");
            return null;
        }

        var sample = reader.Decimal(section, "sample", shadowPath, 0, 1);
        var judge = ModelSetting(section, "judge", shadowPath, reader, config);
        if (sample is null && !section.TryGetProperty("sample", out _))
        {
            reader.Report(JsonConfigReader.Child(shadowPath, "sample"), "is required (share of requests to label, e.g. 0.1)");
        }

        return sample is { } s && judge is not null ? new ShadowConfig((double)s, judge) : null;
    }

    /// <summary>Settings of another strategy are reported, so a typo'd strategy does not silently ignore half the route.</summary>
    private static void NotFor(JsonElement value, string path, JsonConfigReader reader, RouteStrategy strategy)
    {
        string[] allowed = strategy switch
        {
            RouteStrategy.Failover => ["targets"],
            RouteStrategy.Complexity => ["tiers", "priority", "rules"],
            _ => ["model", "weak", "strong", "threshold", "strongShare", "shareWindow"],
        };
        string[] strategyKeys = ["targets", "tiers", "priority", "rules", "model", "weak", "strong", "threshold", "strongShare", "shareWindow"];
        foreach (var key in strategyKeys.Except(allowed))
        {
            if (value.TryGetProperty(key, out _))
            {
                reader.Report(JsonConfigReader.Child(path, key), $"is not a setting of a {strategy.ToString().ToLowerInvariant()} route");
            }
        }
    }

    private static string? ModelSetting(JsonElement obj, string key, string path, JsonConfigReader reader, GatewayConfig config)
    {
        var name = reader.String(obj, key, path, required: true);
        return name is null ? null : Known(name, JsonConfigReader.Child(path, key), reader, config);
    }

    private static string? Model(JsonElement item, string path, JsonConfigReader reader, GatewayConfig config)
    {
        if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
        {
            reader.Report(path, "a target must be a model name (a configured model or provider/model)");
            return null;
        }

        return Known(item.GetString()!, path, reader, config);
    }

    private static string? Known(string name, string path, JsonConfigReader reader, GatewayConfig config)
    {
        if (IsKnownModel(name, config))
        {
            if (ModelModes.Of(name, config) is var mode and not ModelMode.Chat)
            {
                reader.Report(path, $"'{name}' is a{(mode is ModelMode.Embedding or ModelMode.Image or ModelMode.Audio ? "n" : "")} {ModelModes.Name(mode)} model, not a chat model: a route answers chat requests, so each target must be able to chat (set \"mode\": \"chat\" on the model if it can)");
                return null;
            }

            return name;
        }

        reader.Report(path, $"unknown target '{name}': not a configured model ({string.Join(", ", config.Models.Keys)}) nor provider/model of a configured provider ({string.Join(", ", config.Providers.Keys)})");
        return null;
    }

    private static RoutingConfig ReadRouting(JsonElement root, JsonConfigReader reader)
    {
        const string path = "$.routing";
        var defaults = new RoutingConfig();
        if (!reader.TryGetSection(root, "routing", "$", out var section) || !reader.ExpectObject(section, path, RoutingKeys))
        {
            return defaults;
        }

        var result = defaults;
        const string breakerPath = path + ".circuitBreaker";
        if (reader.TryGetSection(section, "circuitBreaker", path, out var breaker) && reader.ExpectObject(breaker, breakerPath, BreakerKeys))
        {
            var failures = reader.Integer(breaker, "failureThreshold", breakerPath, 1, 1000);
            var coolDown = reader.Integer(breaker, "coolDownSeconds", breakerPath, 1, 86_400);
            result = result with
            {
                CircuitBreaker = new CircuitBreakerOptions
                {
                    FailureThreshold = failures is { } f ? (int)f : defaults.CircuitBreaker.FailureThreshold,
                    CoolDown = coolDown is { } c ? TimeSpan.FromSeconds(c) : defaults.CircuitBreaker.CoolDown,
                },
            };
        }

        const string stickyPath = path + ".sticky";
        if (reader.TryGetSection(section, "sticky", path, out var sticky) && reader.ExpectObject(sticky, stickyPath, StickyKeys))
        {
            var capacity = reader.Integer(sticky, "maxConversations", stickyPath, 1, 10_000_000);
            var ttl = reader.Integer(sticky, "ttlMinutes", stickyPath, 1, 7 * 24 * 60);
            result = result with
            {
                StickyCapacity = capacity is { } c ? (int)c : defaults.StickyCapacity,
                StickyTtl = ttl is { } t ? TimeSpan.FromMinutes(t) : defaults.StickyTtl,
            };
        }

        const string shadowPath = path + ".shadow";
        if (reader.TryGetSection(section, "shadow", path, out var shadow) && reader.ExpectObject(shadow, shadowPath, ShadowQueueKeys))
        {
            var capacity = reader.Integer(shadow, "queueCapacity", shadowPath, 1, 1_000_000);
            result = result with { ShadowQueueCapacity = capacity is { } c ? (int)c : defaults.ShadowQueueCapacity };
        }

        return result;
    }
}
