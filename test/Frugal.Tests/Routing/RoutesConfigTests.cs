using Frugal.Core.Configuration;
using Frugal.Core.Routing.Classification;
using Frugal.Core.Routing.Learned;
using Frugal.Core.Routing.Routes;
using Frugal.Server;
using Frugal.Tools.Routing;

namespace Frugal.Tests.Routing;

/// <summary>The routes and routing sections: what a valid route reads as, and every mistake reported with its JSON path.</summary>
public sealed class RoutesConfigTests : IDisposable
{
    private const string Providers = """
        "providers": { "mock": { "baseUrl": "http://127.0.0.1:9/v1" }, "other": { "baseUrl": "http://127.0.0.1:9/v1" } },
        "models": { "gpt-4o-mini": { "provider": "mock" }, "gpt-4o": { "provider": "mock" }, "claude-sonnet-4": { "provider": "other" } }
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "frugal-routes-config", Guid.NewGuid().ToString("N"));

    public RoutesConfigTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public void A_valid_config_reads_every_strategy()
    {
        var result = ConfigLoader.Parse($$"""
            { {{Providers}},
              "routes": {
                "smart": { "targets": ["mock/gpt-4o", "claude-sonnet-4"], "sticky": true },
                "auto": { "strategy": "complexity", "priority": "speed",
                          "tiers": { "fast": "gpt-4o-mini", "balanced": "gpt-4o", "powerful": "claude-sonnet-4" },
                          "rules": { "simpleKeywords": ["tl;dr", "翻译"], "expertThreshold": 7 },
                          "shadow": { "sample": 0.1, "judge": "gpt-4o" } }
              },
              "routing": { "circuitBreaker": { "failureThreshold": 3, "coolDownSeconds": 10 }, "sticky": { "maxConversations": 50, "ttlMinutes": 5 } }
            }
            """, "test");

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        var routing = result.Config!.Routing;
        Assert.Equal(["mock/gpt-4o", "claude-sonnet-4"], routing.Routes["smart"].Targets);
        Assert.True(routing.Routes["smart"].Sticky);
        var auto = routing.Routes["auto"];
        Assert.Equal(RouteStrategy.Complexity, auto.Strategy);
        Assert.Equal(ModelPriority.Speed, auto.Priority);
        Assert.Equal(new TierModelMap("gpt-4o-mini", "gpt-4o", "claude-sonnet-4"), auto.Tiers);
        Assert.Equal(["tl;dr", "翻译"], auto.Rules.SimpleKeywords);
        Assert.Equal(7, auto.Rules.ExpertThreshold);
        Assert.Equal(new ShadowConfig(0.1, "gpt-4o"), auto.Shadow);
        Assert.Equal(3, routing.CircuitBreaker.FailureThreshold);
        Assert.Equal(TimeSpan.FromSeconds(10), routing.CircuitBreaker.CoolDown);
        Assert.Equal(50, routing.StickyCapacity);
    }

    [Fact]
    public void A_relative_router_model_path_is_read_next_to_the_config_file()
    {
        var model = new RouterTrainer(new RouterTrainingOptions { MaxParallelism = 1 }).Train(SyntheticRouterData.Create(200, seed: 3)).Model;
        model.Save(Path.Combine(_dir, "router.json"));
        var configPath = Path.Combine(_dir, "frugal.json");
        File.WriteAllText(configPath, $$"""
            { {{Providers}},
              "routes": { "learned": { "strategy": "learned", "model": "router.json", "weak": "gpt-4o-mini", "strong": "gpt-4o", "strongShare": 0.5 } } }
            """);

        var result = ConfigLoader.Load(configPath);

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        var route = result.Config!.Routing.Routes["learned"];
        Assert.Equal(Path.Combine(_dir, "router.json"), route.LearnedModelPath);
        Assert.Equal(model.ThresholdForStrongShare(0.5), route.LearnedModel!.Threshold, 12);
        Assert.Equal("config strong-share 0.5", route.LearnedModel.ThresholdRule);
    }

    [Fact]
    public void Every_routing_problem_is_reported_with_its_json_path()
    {
        var result = ConfigLoader.Parse($$"""
            { {{Providers}},
              "routes": {
                "empty": { "targets": [] },
                "typo": { "targets": ["gpt-4o", "nobody/gpt-4o", "gtp-4o", 7] },
                "twice": { "targets": ["gpt-4o", "gpt-4o"] },
                "odd": { "strategy": "magic" },
                "no-tiers": { "strategy": "complexity" },
                "bad-tier": { "strategy": "complexity", "tiers": { "fast": "x", "balanced": "gpt-4o", "powerful": "gpt-4o" }, "priority": "cheap" },
                "bad-rules": { "strategy": "complexity", "tiers": { "fast": "gpt-4o-mini", "balanced": "gpt-4o", "powerful": "claude-sonnet-4" }, "rules": { "complexThreshold": 9, "colour": 1 } },
                "no-file": { "strategy": "learned", "model": "missing-router.json", "weak": "gpt-4o-mini", "strong": "gpt-4o", "threshold": 0.5, "strongShare": 0.3 },
                "mixed": { "targets": ["gpt-4o"], "tiers": {}, "shadow": { "sample": 0.5, "judge": "gpt-4o" } },
                "gpt-4o": { "targets": ["gpt-4o-mini"] },
                "a/b": { "targets": ["gpt-4o"] },
                "extra": { "targets": ["gpt-4o"], "colour": "red" }
              },
              "routing": { "circuitBreaker": { "failureThreshold": 0 }, "sticky": { "ttlMinutes": "long" }, "other": 1 }
            }
            """, "test");

        Assert.False(result.IsValid);
        var paths = result.Problems.Select(p => p.Path).ToList();
        Assert.Contains("$.routes.empty.targets", paths);
        Assert.Contains("$.routes.typo.targets[1]", paths);
        Assert.Contains("$.routes.typo.targets[2]", paths);
        Assert.Contains("$.routes.typo.targets[3]", paths);
        Assert.Contains("$.routes.twice.targets[1]", paths);
        Assert.Contains("$.routes.odd.strategy", paths);
        Assert.Contains("$.routes['no-tiers'].tiers", paths);
        Assert.Contains("$.routes['bad-tier'].tiers.fast", paths);
        Assert.Contains("$.routes['bad-tier'].priority", paths);
        Assert.Contains("$.routes['bad-rules'].rules", paths);
        Assert.Contains("$.routes['bad-rules'].rules.colour", paths);
        Assert.Contains("$.routes['no-file'].model", paths);
        Assert.Contains("$.routes['no-file'].strongShare", paths);
        Assert.Contains("$.routes.mixed.tiers", paths);
        Assert.Contains("$.routes.mixed.shadow", paths);
        Assert.Contains("$.routes['gpt-4o']", paths);
        Assert.Contains("$.routes['a/b']", paths);
        Assert.Contains("$.routes.extra.colour", paths);
        Assert.Contains("$.routing.circuitBreaker.failureThreshold", paths);
        Assert.Contains("$.routing.sticky.ttlMinutes", paths);
        Assert.Contains("$.routing.other", paths);
        var unknown = result.Problems.Single(p => p.Path == "$.routes.typo.targets[2]").Message;
        Assert.Contains("unknown target 'gtp-4o'", unknown, StringComparison.Ordinal);
        Assert.Contains("gpt-4o-mini", unknown, StringComparison.Ordinal); // names what is configured
        Assert.Contains("is not one of: failover, complexity, learned", result.Problems.Single(p => p.Path == "$.routes.odd.strategy").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_router_file_without_quantiles_cannot_take_a_strong_share()
    {
        var model = new RouterTrainer(new RouterTrainingOptions { MaxParallelism = 1 }).Train(SyntheticRouterData.Create(200, seed: 4)).Model;
        var old = new LearnedRouterModel(model.Features, model.Label, model.Weights, model.Threshold, model.ThresholdRule, model.Info);
        var path = Path.Combine(_dir, "old.json");
        old.Save(path);

        var result = ConfigLoader.Parse($$"""
            { {{Providers}}, "routes": { "l": { "strategy": "learned", "model": "{{path.Replace("\\", "/", StringComparison.Ordinal)}}", "weak": "gpt-4o-mini", "strong": "gpt-4o", "strongShare": 0.2 } } }
            """, "test");

        var problem = Assert.Single(result.Problems);
        Assert.Equal("$.routes.l.strongShare", problem.Path);
        Assert.Contains("retrain", problem.Message, StringComparison.Ordinal);
    }
    [Fact]
    public void A_learned_route_holds_its_share_unless_the_threshold_is_fixed()
    {
        var model = new RouterTrainer(new RouterTrainingOptions { MaxParallelism = 1 }).Train(SyntheticRouterData.Create(200, seed: 4)).Model;
        var path = Path.Combine(_dir, "share.json").Replace("\\", "/", StringComparison.Ordinal);
        model.Save(path);
        string Route(string name, string extra) => $$"""
            "{{name}}": { "strategy": "learned", "model": "{{path}}", "weak": "gpt-4o-mini", "strong": "gpt-4o"{{extra}} }
            """;

        var result = ConfigLoader.Parse($$"""
            { {{Providers}}, "routes": { {{Route("own", "")}}, {{Route("share", ", \"strongShare\": 0.2, \"shareWindow\": 500")}}, {{Route("fixed", ", \"threshold\": 0.5")}}, {{Route("off", ", \"strongShare\": 0.2, \"shareWindow\": 0")}} } }
            """, "test");

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        var routes = result.Config!.Routing.Routes;
        Assert.Equal((model.Info.ExpectedStrongShare, RoutesConfigReader.DefaultShareWindow), (routes["own"].TargetStrongShare!.Value, routes["own"].ShareWindow));
        Assert.Equal((0.2, 500), (routes["share"].TargetStrongShare!.Value, routes["share"].ShareWindow));
        Assert.Equal((null, 0), (routes["fixed"].TargetStrongShare, routes["fixed"].ShareWindow));
        Assert.Equal((null, 0), (routes["off"].TargetStrongShare, routes["off"].ShareWindow));
    }

    [Fact]
    public void A_share_window_that_cannot_work_is_reported()
    {
        var model = new RouterTrainer(new RouterTrainingOptions { MaxParallelism = 1 }).Train(SyntheticRouterData.Create(200, seed: 4)).Model;
        var path = Path.Combine(_dir, "window.json").Replace("\\", "/", StringComparison.Ordinal);
        model.Save(path);

        var result = ConfigLoader.Parse($$"""
            { {{Providers}}, "routes": {
                "tiny": { "strategy": "learned", "model": "{{path}}", "weak": "gpt-4o-mini", "strong": "gpt-4o", "shareWindow": 5 },
                "fixed": { "strategy": "learned", "model": "{{path}}", "weak": "gpt-4o-mini", "strong": "gpt-4o", "threshold": 0.5, "shareWindow": 100 },
                "failover": { "targets": ["gpt-4o"], "shareWindow": 100 } } }
            """, "test");

        var paths = result.Problems.Select(p => p.Path).ToList();
        Assert.Contains("$.routes.tiny.shareWindow", paths);
        Assert.Contains("$.routes.fixed.shareWindow", paths);
        Assert.Contains("$.routes.failover.shareWindow", paths);
    }
}
