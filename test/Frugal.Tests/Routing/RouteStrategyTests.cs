using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Frugal.Core.Routing.Learned;
using Frugal.Tests.Infrastructure;
using Frugal.Tools.Routing;
using OpenAI.Chat;
using static Frugal.Tests.Routing.RoutingTestData;

namespace Frugal.Tests.Routing;

/// <summary>
/// Complexity routing (English and Chinese prompts → tier → model, per priority), learned routing
/// (a router.json trained here from a generated CSV), sticky conversations and routing savings,
/// through the real gateway and MockUpstream.
/// </summary>
public sealed class RouteStrategyTests(RouteStrategyTests.Fixture fixture) : IClassFixture<RouteStrategyTests.Fixture>
{
    private TestGateway Gateway => fixture.Gateway;

    [Theory]
    [InlineData("Translate this sentence into French: good morning", "simple", "gpt-4o-mini", "translate")]
    [InlineData("请把这句话翻译成英文：早上好", "simple", "gpt-4o-mini", "翻译")]
    [InlineData("Please summarize this paragraph in one line", "simple", "gpt-4o-mini", "summarize")]
    [InlineData("请总结一下这篇文章的要点", "simple", "gpt-4o-mini", "总结")]
    [InlineData("Analyze this slow query and debug why the index is not used", "complex", "mock/gpt-4o", "analyze")]
    [InlineData("请分析这个系统的性能瓶颈并设计一个改进方案", "complex", "mock/gpt-4o", "分析")]
    [InlineData("Prove the theorem and derive the architecture trade-off for a distributed system", "expert", "claude-sonnet-4", "prove")]
    [InlineData("请证明这个定理，并推导分布式架构的权衡", "expert", "claude-sonnet-4", "证明")]
    public async Task Complexity_route_maps_the_tier_to_a_model_under_cost_priority(string prompt, string tier, string model, string keyword)
    {
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat("auto", prompt));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        var route = Route(response);
        Assert.StartsWith($"auto; tier={tier}; reason=", route, StringComparison.Ordinal);
        Assert.Contains(keyword, route, StringComparison.Ordinal);
        Assert.All(Header(response, "x-frugal-route"), c => Assert.True(c < 128)); // header bytes stay ASCII
        var entry = await LedgerEntryAsync(Gateway, response);
        Assert.Equal(model, entry.Text("model"));
        Assert.StartsWith("Mock reply from ", Answer(body, stream: false), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quality_priority_sends_simple_prompts_to_the_balanced_model()
    {
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat("auto-quality", "Translate good night into Spanish"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.StartsWith("auto-quality; tier=simple;", Route(response), StringComparison.Ordinal);
        Assert.Equal("gpt-4o", Header(response, "x-frugal-model"));
    }

    [Fact]
    public async Task A_cheaper_tier_records_a_routing_saving_against_the_powerful_model()
    {
        var result = await Gateway.ChatClient("auto").CompleteChatAsync([new UserChatMessage("Translate thank you into Italian [[tokens:200]]")]);
        Assert.True(result.GetRawResponse().Headers.TryGetValue("x-frugal-request-id", out var id));
        Assert.Equal("gpt-4o-mini", result.Value.Model);

        var entry = Assert.Single(await LedgerRows.WaitForAsync(Gateway, 1, $"request_id = '{id}'"));
        var cost = entry.Long("cost_nusd");
        var saved = entry.Long("saved_routing_nusd");
        Assert.True(cost > 0);
        Assert.True(saved > cost, $"claude-sonnet-4 costs far more than gpt-4o-mini for the same tokens: saved {saved}, cost {cost}");
        Assert.Equal(saved, entry.Long("saved_nusd"));
    }

    [Fact]
    public async Task An_expert_prompt_on_the_powerful_model_saves_nothing()
    {
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat("auto", "Prove the theorem and derive the formal verification of this concurrency proof"));

        var entry = await LedgerEntryAsync(Gateway, response);
        Assert.Equal("claude-sonnet-4", entry.Text("model"));
        Assert.Equal(0, entry.Long("saved_routing_nusd"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_failing_tier_model_fails_over_to_the_next_tier_up(bool stream)
    {
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat("auto", $"[[fault:500:model=gpt-4o-mini]] translate hello {stream}", stream));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal($"Mock reply from gpt-4o: translate hello {stream}", Answer(await response.Content.ReadAsStringAsync(), stream));
        Assert.Contains("failover=gpt-4o-mini->mock/gpt-4o", Route(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Tell me about the capital of France, please.", "weak", "gpt-4o-mini")]
    [InlineData("Quick one on Galois cohomology.", "strong", "claude-sonnet-4-20250514")]
    public async Task Learned_route_sends_easy_prompts_to_the_weak_model_and_hard_ones_to_the_strong(string prompt, string side, string upstream)
    {
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat("learned", prompt));

        Assert.Equal(200, (int)response.StatusCode);
        var route = Route(response);
        Assert.True(upstream == Header(response, "x-frugal-model"), route);
        Assert.StartsWith($"learned; tier={side}; reason=learned:p=", route, StringComparison.Ordinal);
        var p = double.Parse(route[(route.IndexOf("p=", StringComparison.Ordinal) + 2)..], CultureInfo.InvariantCulture);
        Assert.True(side == "weak" ? p >= 0.6 : p < 0.6, $"p={p}, configured threshold 0.6");
    }

    [Fact]
    public async Task Learned_route_with_a_strong_share_uses_the_recorded_quantiles()
    {
        var model = fixture.Router;
        Assert.NotNull(model.ScoreQuantiles);
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat("learned-share", "Tell me about Ramsey number bounds, please."));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("tier=strong", Route(response), StringComparison.Ordinal);
        Assert.True(model.ThresholdForStrongShare(0.9) > model.ThresholdForStrongShare(0.1));
    }

    [Fact]
    public async Task Sticky_route_keeps_a_conversation_on_its_first_model()
    {
        const string first = "Translate hello into German";
        const string later = "Now prove the theorem and derive the architecture trade-off of a distributed system";
        var turn2 = $$"""{"model":"sticky-auto","messages":[{"role":"user","content":"{{first}}"},{"role":"assistant","content":"Hallo"},{"role":"user","content":"{{later}}"}]}""";

        using var one = await Gateway.PostJsonAsync("/v1/chat/completions", Chat("sticky-auto", first));
        Assert.Equal("gpt-4o-mini", Header(one, "x-frugal-model"));
        using var two = await Gateway.PostJsonAsync("/v1/chat/completions", turn2);
        Assert.Equal("gpt-4o-mini", Header(two, "x-frugal-model"));
        Assert.Contains("reason=sticky", Route(two), StringComparison.Ordinal);

        // The same second turn on a route without stickiness goes to the powerful model.
        using var control = await Gateway.PostJsonAsync("/v1/chat/completions", turn2.Replace("sticky-auto", "auto", StringComparison.Ordinal));
        Assert.Equal("claude-sonnet-4-20250514", Header(control, "x-frugal-model"));
    }

    [Fact]
    public async Task Sticky_route_uses_the_conversation_header_and_re_sticks_after_a_failover()
    {
        using var one = await PostWithConversationAsync("conv-restick", "translate good morning");
        Assert.Equal("gpt-4o-mini", Header(one, "x-frugal-model"));

        using var two = await PostWithConversationAsync("conv-restick", "[[fault:503:model=gpt-4o-mini]] translate good evening");
        Assert.Equal("gpt-4o", Header(two, "x-frugal-model"));

        using var three = await PostWithConversationAsync("conv-restick", "translate good night");
        Assert.Equal("gpt-4o", Header(three, "x-frugal-model"));
        Assert.Contains("reason=sticky", Route(three), StringComparison.Ordinal);

        using var other = await PostWithConversationAsync("conv-other", "translate good night");
        Assert.Equal("gpt-4o-mini", Header(other, "x-frugal-model"));
    }

    private async Task<HttpResponseMessage> PostWithConversationAsync(string conversation, string prompt)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(Chat("sticky-auto", prompt), Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("x-frugal-conversation", conversation);
        var response = await Gateway.Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        return response;
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "frugal-route-tests", Guid.NewGuid().ToString("N"));

        public TestGateway Gateway { get; private set; } = null!;

        public LearnedRouterModel Router { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Directory.CreateDirectory(_dir);
            Router = TrainRouter(_dir);
            var routerPath = Path.Combine(_dir, "router.json").Replace("\\", "/", StringComparison.Ordinal);
            const string tiers = """ "tiers": { "fast": "gpt-4o-mini", "balanced": "mock/gpt-4o", "powerful": "claude-sonnet-4" } """;
            Gateway = await TestGateway.StartAsync(extraJson: $$"""
                , "routes": {
                    "auto": { "strategy": "complexity", "priority": "cost", {{tiers}} },
                    "auto-quality": { "strategy": "complexity", "priority": "quality", {{tiers}} },
                    "sticky-auto": { "strategy": "complexity", "sticky": true, {{tiers}} },
                    "learned": { "strategy": "learned", "model": "{{routerPath}}", "weak": "gpt-4o-mini", "strong": "claude-sonnet-4", "threshold": 0.6 },
                    "learned-share": { "strategy": "learned", "model": "{{routerPath}}", "weak": "gpt-4o-mini", "strong": "claude-sonnet-4", "strongShare": 0.3 }
                  }
                """);
        }

        public async Task DisposeAsync()
        {
            await Gateway.DisposeAsync();
            try
            {
                Directory.Delete(_dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        /// <summary>Writes a generated CSV and trains on it with the real trainer, as `frugal router train` does.</summary>
        private static LearnedRouterModel TrainRouter(string dir)
        {
            var csv = Path.Combine(dir, "labels.csv");
            var lines = new List<string> { "prompt,weak,strong" };
            lines.AddRange(SyntheticRouterData.Create(1200, seed: 7).Select(e => $"\"{e.Prompt}\",{e.WeakCorrect},{e.StrongCorrect}"));
            File.WriteAllLines(csv, lines);
            var data = RouterDataset.Load(csv, "prompt", "weak", "strong");
            var result = new RouterTrainer(new RouterTrainingOptions { WeakModel = "gpt-4o-mini", StrongModel = "claude-sonnet-4", MaxParallelism = 2 }).Train(data.Examples);
            result.Model.Save(Path.Combine(dir, "router.json"));
            return result.Model;
        }
    }
}
