using System.Reflection;
using System.Text.Json;
using Frugal.Core.Configuration;
using Frugal.Core.Pipeline;
using Frugal.Core.Routing.Failover;
using Frugal.Core.Routing.Learned;
using Frugal.Core.Routing.Routes;
using Frugal.Core.Routing.Shadow;
using Frugal.Protocol.Json;
using Frugal.Server;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Routing;

/// <summary>
/// Issue #12, "every per-client structure has a bound and an eviction rule": the routing structures that client
/// traffic can grow — sticky conversations, circuit breakers, the shadow queue, the learned router — each proven
/// bounded under 100,000 distinct inputs.
/// </summary>
public sealed class RoutingBoundsTests
{
    private const string Config = """
        {
          "providers": { "mock": { "baseUrl": "http://127.0.0.1:9/v1" }, "anthropic": { "kind": "anthropic", "baseUrl": "http://127.0.0.1:9" } },
          "models": { "gpt-4o-mini": { "provider": "mock" }, "gpt-4o": { "provider": "mock" } },
          "routes": { "sticky": { "targets": ["gpt-4o", "gpt-4o-mini"], "sticky": true } },
          "routing": { "sticky": { "maxConversations": 1000, "ttlMinutes": 60 }, "shadow": { "queueCapacity": 100 } }
        }
        """;

    private readonly GatewayConfig _config;

    public RoutingBoundsTests()
    {
        var loaded = ConfigLoader.Parse(Config, "test");
        Assert.True(loaded.IsValid, string.Join("; ", loaded.Problems));
        _config = loaded.Config!;
    }

    [Fact]
    public void Sticky_memory_holds_at_most_its_capacity_over_100k_conversations()
    {
        var sessions = new StickySessions(_config, new ManualClock());
        var request = Request();
        for (var i = 0; i < 100_000; i++)
        {
            request.Headers = new Dictionary<string, string> { [StickySessions.ConversationHeader] = $"conversation-{i}" };
            sessions.Set(StickySessions.Key("sticky", request), "gpt-4o");
            Assert.True(sessions.Count <= 1000, $"{sessions.Count} conversations after {i + 1}");
        }

        Assert.Equal(1000, sessions.Count);
    }

    [Fact]
    public void A_sticky_key_has_a_fixed_size_however_long_the_conversation_header()
    {
        var request = Request();
        request.Headers = new Dictionary<string, string> { [StickySessions.ConversationHeader] = new string('c', 30_000) };
        var longKey = StickySessions.Key("sticky", request);
        request.Headers = new Dictionary<string, string> { [StickySessions.ConversationHeader] = "c" };
        var shortKey = StickySessions.Key("sticky", request);

        Assert.Equal(shortKey.Length, longKey.Length);
        Assert.True(longKey.Length <= "sticky".Length + 4 + 64, $"key of {longKey.Length} characters");
        Assert.NotEqual(shortKey, longKey);
    }

    [Fact]
    public void Idle_conversations_are_forgotten_at_the_next_write_not_only_when_read()
    {
        var clock = new ManualClock();
        var sessions = new StickySessions(_config, clock);
        for (var i = 0; i < 1000; i++)
        {
            sessions.Set($"idle-{i}", "gpt-4o");
        }

        clock.Advance(TimeSpan.FromMinutes(61));
        sessions.Set("fresh", "gpt-4o-mini");

        Assert.Equal(1, sessions.Count);
        Assert.Equal("gpt-4o-mini", sessions.Get("fresh"));
    }

    [Fact]
    public void Circuit_breakers_exist_for_configured_providers_only()
    {
        var breakers = new CircuitBreakers(_config, new ManualClock());
        Assert.Equal(_config.Providers.Count, breakers.Count);
        Assert.Same(breakers.For("mock"), breakers.For("mock"));
        Assert.NotSame(breakers.For("mock"), breakers.For("anthropic"));

        for (var i = 0; i < 1000; i++)
        {
            Assert.Throws<ArgumentException>(() => breakers.For($"client-text-{i}"));
        }

        Assert.Equal(_config.Providers.Count, breakers.Count);
    }

    [Fact]
    public void The_shadow_queue_holds_at_most_its_capacity_and_counts_what_it_drops()
    {
        var queue = new ShadowQueue(_config);
        var chat = Request().Chat!;
        for (var i = 0; i < 100_000; i++)
        {
            queue.Enqueue(new ShadowJob($"req-{i}", Tenant.Anonymous, "sticky", chat, "gpt-4o-mini", "answer", "gpt-4o", "gpt-4o"));
        }

        Assert.Equal(100, queue.Reader.Count);
        Assert.Equal(99_900, queue.Dropped);
    }

    [Fact]
    public void The_learned_router_keeps_no_per_request_state_and_reads_a_bounded_window_of_each_prompt()
    {
        // The model and its feature extractor have only read-only fields, so no traffic can grow them; the running
        // share lives in StrongShareController, one fixed-size window per route (StrongShareControllerTests).
        foreach (var type in new[] { typeof(LearnedRouterModel), typeof(RouterFeatures), typeof(LogisticRegressionWeights) })
        {
            var mutable = type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public).Where(f => !f.IsInitOnly).Select(f => f.Name).ToList();
            Assert.True(mutable.Count == 0, $"{type.Name} has mutable fields: {string.Join(", ", mutable)}");
        }

        var features = new RouterFeatures();
        var huge = string.Concat(Enumerable.Range(0, 200_000).Select(i => $"w{i} "));
        var vector = features.Extract(huge);
        Assert.True(vector.Count <= features.Dimension, $"{vector.Count} features, dimension {features.Dimension}");
    }

    private static GatewayRequest Request()
    {
        var chat = JsonSerializer.Deserialize("""{"model":"sticky","messages":[{"role":"user","content":"hello"}]}""", ProtocolJson.Context.ChatCompletionRequest)!;
        return GatewayRequest.ForChat("req-test", Tenant.Anonymous, chat, 0);
    }
}
