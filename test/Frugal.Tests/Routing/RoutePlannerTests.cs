using System.Text.Json;
using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Configuration;
using Frugal.Core.Pipeline;
using Frugal.Core.Routing;
using Frugal.Core.Routing.Routes;
using Frugal.Protocol.Json;
using Frugal.Server;

namespace Frugal.Tests.Routing;

/// <summary>The route catalog's price order (next cheaper model, implicit auto) and the planner's downgrade and sticky decisions.</summary>
public sealed class RoutePlannerTests
{
    private const string Config = """
        {
          "providers": { "mock": { "baseUrl": "http://127.0.0.1:9/v1" }, "anthropic": { "kind": "anthropic", "baseUrl": "http://127.0.0.1:9" } },
          "models": {
            "gpt-4o-mini": { "provider": "mock" }, "gpt-4o": { "provider": "mock" },
            "claude-sonnet-4": { "provider": "anthropic", "upstreamModel": "claude-sonnet-4-20250514" },
            "house-model": { "provider": "mock" }
          },
          "routes": {
            "smart": { "targets": ["claude-sonnet-4", "mock/gpt-4o", "gpt-4o-mini"] },
            "tiered": { "strategy": "complexity", "tiers": { "fast": "gpt-4o-mini", "balanced": "gpt-4o", "powerful": "claude-sonnet-4" } },
            "sticky": { "strategy": "complexity", "sticky": true, "tiers": { "fast": "gpt-4o-mini", "balanced": "gpt-4o", "powerful": "claude-sonnet-4" } }
          }
        }
        """;

    private readonly GatewayConfig _config;
    private readonly RouteCatalog _catalog;
    private readonly RoutePlanner _planner;

    public RoutePlannerTests()
    {
        var loaded = ConfigLoader.Parse(Config, "test");
        Assert.True(loaded.IsValid, string.Join("; ", loaded.Problems));
        _config = loaded.Config!;
        _catalog = new RouteCatalog(_config, new ModelResolver(_config), PriceBook.Create(_config.Prices), TimeProvider.System);
        _planner = new RoutePlanner(_catalog, new StickySessions(_config, TimeProvider.System));
    }

    [Fact]
    public void Next_cheaper_walks_down_the_route_by_catalog_price()
    {
        Assert.Equal("mock/gpt-4o", _catalog.NextCheaper("smart", "claude-sonnet-4"));
        Assert.Equal("gpt-4o-mini", _catalog.NextCheaper("smart", "mock/gpt-4o"));
        Assert.Null(_catalog.NextCheaper("smart", "gpt-4o-mini")); // already the cheapest
        Assert.Equal("gpt-4o", _catalog.NextCheaper("tiered", "claude-sonnet-4"));
        Assert.Null(_catalog.NextCheaper("no-such-route", "claude-sonnet-4"));
        Assert.Null(_catalog.NextCheaper("smart", "house-model")); // no price: no order to walk
    }

    [Fact]
    public void Without_a_configured_auto_route_an_implicit_one_spans_the_priced_models()
    {
        Assert.True(_catalog.TryGet("auto", out var auto));
        Assert.Equal(RouteStrategy.Complexity, auto.Strategy);
        Assert.Equal("gpt-4o-mini", auto.Tiers!.Fast);
        Assert.Equal("gpt-4o", auto.Tiers.Balanced);
        Assert.Equal("claude-sonnet-4", auto.Tiers.Powerful);
    }

    [Fact]
    public void A_downgrade_on_a_failover_route_starts_at_the_next_cheaper_target()
    {
        var plan = Plan("smart", "hello", downgrade: "budget team:ml at 92%");

        Assert.Equal(["mock/gpt-4o", "claude-sonnet-4", "gpt-4o-mini"], plan.Models);
        Assert.Equal("downgrade:budget team:ml at 92% (claude-sonnet-4->mock/gpt-4o)", plan.Reason);
    }

    [Fact]
    public void A_downgrade_on_a_complexity_route_goes_one_tier_down()
    {
        const string expert = "Prove the theorem and derive the architecture trade-off for a distributed system";
        var normal = Plan("tiered", expert);
        var downgraded = Plan("tiered", expert, downgrade: "budget");

        Assert.Equal("claude-sonnet-4", normal.Models[0]);
        Assert.Equal("expert", downgraded.Tier);
        Assert.Equal("gpt-4o", downgraded.Models[0]);
        Assert.StartsWith("downgrade:budget", downgraded.Reason, StringComparison.Ordinal);

        // The fast model has nothing below it: the plan stays as it was.
        var simple = Plan("tiered", "translate hello", downgrade: "budget");
        Assert.Equal("gpt-4o-mini", simple.Models[0]);
        Assert.DoesNotContain("downgrade", simple.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_complexity_plan_fails_over_up_the_tiers_then_down()
    {
        var complex = Plan("tiered", "Analyze this query and debug the index");

        Assert.Equal("complex", complex.Tier);
        Assert.Equal(["gpt-4o", "claude-sonnet-4", "gpt-4o-mini"], complex.Models);
    }

    [Fact]
    public void Sticky_keys_follow_the_conversation_header_or_the_first_messages()
    {
        var first = Request("sticky", "translate hello");
        var later = Request("sticky", "translate hello", "and now prove a theorem");
        var other = Request("sticky", "translate goodbye");

        Assert.Equal(StickySessions.Key("sticky", first), StickySessions.Key("sticky", later));
        Assert.NotEqual(StickySessions.Key("sticky", first), StickySessions.Key("sticky", other));
        other.Headers = new Dictionary<string, string> { [StickySessions.ConversationHeader] = "c-1" };
        later.Headers = new Dictionary<string, string> { [StickySessions.ConversationHeader] = "c-1" };
        Assert.Equal(StickySessions.Key("sticky", other), StickySessions.Key("sticky", later));
    }

    [Fact]
    public void Sticky_memory_is_bounded_and_forgets_idle_conversations()
    {
        var clock = new SteppingClock();
        var sessions = new StickySessions(_config with { Routing = _config.Routing with { StickyCapacity = 2, StickyTtl = TimeSpan.FromMinutes(10) } }, clock);
        sessions.Set("a", "m1");
        sessions.Set("b", "m2");
        Assert.Equal("m1", sessions.Get("a")); // a is now the most recent
        sessions.Set("c", "m3");               // evicts b, the least recently used

        Assert.Null(sessions.Get("b"));
        Assert.Equal("m1", sessions.Get("a"));
        clock.Now += TimeSpan.FromMinutes(11);
        Assert.Null(sessions.Get("a"));
    }

    private RoutePlan Plan(string route, string prompt, string? downgrade = null)
    {
        Assert.True(_catalog.TryGet(route, out var config));
        var request = Request(route, prompt);
        request.Features.Set(downgrade is null ? null : new DowngradeRequest(downgrade));
        return _planner.Plan(config, request);
    }

    private static GatewayRequest Request(string model, params string[] userMessages)
    {
        var messages = userMessages.Select((m, i) => i == 0 ? $$"""{"role":"user","content":{{JsonSerializer.Serialize(m)}}}""" : $$"""{"role":"assistant","content":"ok"},{"role":"user","content":{{JsonSerializer.Serialize(m)}}}""");
        var chat = JsonSerializer.Deserialize($$"""{"model":"{{model}}","messages":[{{string.Join(",", messages)}}]}""", ProtocolJson.Context.ChatCompletionRequest)!;
        return GatewayRequest.ForChat("req-test", Tenant.Anonymous, chat, 0);
    }

    private sealed class SteppingClock : TimeProvider
    {
        public TimeSpan Now { get; set; } = TimeSpan.FromHours(1);

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Now.Ticks;
    }
}
