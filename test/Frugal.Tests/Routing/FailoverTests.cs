using System.Globalization;
using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Pricing;
using Frugal.Storage.Sqlite;
using Frugal.Tests.Infrastructure;
using OpenAI.Chat;
using static Frugal.Tests.Routing.RoutingTestData;

namespace Frugal.Tests.Routing;

/// <summary>
/// A failover route through the real gateway and MockUpstream: 429/5xx/timeouts/refused connections
/// before the first byte move to the next target, in one ledger entry that lists every attempt and is
/// priced once; a failure after the first byte or a 4xx does not fail over.
/// </summary>
public sealed class FailoverTests(FailoverTests.Fixture fixture) : IClassFixture<FailoverTests.Fixture>
{
    private TestGateway Gateway => fixture.Gateway;

    private int UpstreamCalls(string marker, string model)
        => Gateway.Mock.RecentRequests.Count(r => r.Body.Contains(marker, StringComparison.Ordinal) && r.Body.Contains($"\"{model}\"", StringComparison.Ordinal));

    [Theory]
    [InlineData("429", false)]
    [InlineData("500", false)]
    [InlineData("503", false)]
    [InlineData("429", true)]
    [InlineData("500", true)]
    [InlineData("503", true)]
    public async Task Retryable_failure_of_the_first_target_fails_over_to_the_next(string fault, bool stream)
    {
        var marker = $"fo-{fault}-{stream}";
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat("smart", $"[[fault:{fault}:model=gpt-4o]] {marker}", stream));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal($"Mock reply from claude-sonnet-4-20250514: {marker}", Answer(body, stream));
        Assert.Equal("claude-sonnet-4-20250514", Header(response, "x-frugal-model"));
        Assert.Equal("smart; reason=order; failover=mock/gpt-4o->claude-sonnet-4", Route(response));
        Assert.Equal(3, UpstreamCalls(marker, "gpt-4o")); // 1 + maxRetries 2 on the first target, then failover
        Assert.Equal(1, UpstreamCalls(marker, "claude-sonnet-4-20250514"));

        var entry = await LedgerEntryAsync(Gateway, response);
        Assert.Equal(4, entry.Long("attempts"));
        var log = entry.Text("attempt_log")!;
        Assert.Equal(3, log.Split(' ').Count(a => a.StartsWith($"mock/gpt-4o:{fault}:", StringComparison.Ordinal)));
        Assert.StartsWith("mock-anthropic/claude-sonnet-4-20250514:200:", log.Split(' ')[3], StringComparison.Ordinal);
        Assert.Equal("claude-sonnet-4", entry.Text("model"));
        Assert.Equal("mock-anthropic", entry.Text("provider"));

        // Billed once: the priced tokens are the answering attempt's alone, at its own price.
        Assert.True(entry.Long("input_tokens") > 0);
        var usage = new TokenUsage(entry.Long("input_tokens"), 0, 0, 0, entry.Long("output_tokens"), 0);
        Assert.Equal(NanoUsd.From(CostCalculator.Compute(PriceOf("claude-sonnet-4"), usage).TotalUsd), entry.Long("cost_nusd"));
        Assert.Equal("smart", entry.Text("requested_model"));
    }

    [Fact]
    public async Task Through_the_sdk_the_client_just_sees_an_answer_from_the_next_target()
    {
        var result = await Gateway.ChatClient("smart").CompleteChatAsync([new UserChatMessage("[[fault:503:model=gpt-4o]] sdk failover")]);

        Assert.Equal("Mock reply from claude-sonnet-4-20250514: sdk failover", result.Value.Content[0].Text);
        Assert.True(result.GetRawResponse().Headers.TryGetValue("x-frugal-route", out var route));
        Assert.Contains("failover=mock/gpt-4o->claude-sonnet-4", route, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timeout_of_the_first_target_fails_over()
    {
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat("slow-first", "[[fault:timeout:model=gpt-4o]] too slow"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("Mock reply from gpt-4o-mini: too slow", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var entry = await LedgerEntryAsync(Gateway, response);
        Assert.Equal(2, entry.Long("attempts"));
        Assert.StartsWith("impatient/gpt-4o:504:", entry.Text("attempt_log"), StringComparison.Ordinal);
        Assert.Contains("mock/gpt-4o-mini:200:", entry.Text("attempt_log"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_refused_connection_fails_over(bool stream)
    {
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat("dead-first", $"nobody home {stream}", stream));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal($"Mock reply from gpt-4o-mini: nobody home {stream}", Answer(await response.Content.ReadAsStringAsync(), stream));
        Assert.Equal("gpt-4o-mini", Header(response, "x-frugal-model"));
        var entry = await LedgerEntryAsync(Gateway, response);
        Assert.Equal(2, entry.Long("attempts"));
        Assert.StartsWith("dead/gpt-4o:502:", entry.Text("attempt_log"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_failover_after_the_first_byte_the_stream_ends_with_an_in_band_error()
    {
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat("smart", "[[fault:midstream-error:model=gpt-4o]] [[chunks:6]] half an answer", stream: true));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        var frames = Sse.DataFrames(body);
        Assert.DoesNotContain("[DONE]", frames);
        Assert.Contains("\"error\"", frames[^1], StringComparison.Ordinal);
        Assert.Contains(frames, f => f.Contains("\"content\"", StringComparison.Ordinal));
        Assert.Equal(0, UpstreamCalls("half an answer", "claude-sonnet-4-20250514"));
        var entry = await LedgerEntryAsync(Gateway, response);
        Assert.Equal(1, entry.Long("attempts"));
        Assert.Equal("mock/gpt-4o", entry.Text("model"));
    }

    [Theory]
    [InlineData("400")]
    [InlineData("404")]
    public async Task A_bad_request_is_not_failed_over(string fault)
    {
        var marker = $"bad-{fault}";
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat("smart", $"[[fault:{fault}:model=gpt-4o]] {marker}"));

        await OpenAIError.AssertAsync(response, int.Parse(fault, CultureInfo.InvariantCulture));
        Assert.Equal(1, UpstreamCalls(marker, "gpt-4o"));
        Assert.Equal(0, UpstreamCalls(marker, "claude-sonnet-4-20250514"));
        var entry = await LedgerEntryAsync(Gateway, response);
        Assert.Equal(1, entry.Long("attempts"));
        Assert.Equal(0, entry.Long("cost_nusd"));
    }

    [Fact]
    public async Task When_every_target_fails_the_last_error_is_returned_and_nothing_is_billed()
    {
        using var response = await Gateway.PostJsonAsync("/v1/chat/completions", Chat("smart", "[[fault:500]] all down"));

        await OpenAIError.AssertAsync(response, 502, "upstream_error");
        var entry = await LedgerEntryAsync(Gateway, response);
        Assert.Equal(6, entry.Long("attempts"));
        Assert.Equal(0, entry.Long("cost_nusd"));
    }

    [Fact]
    public async Task Routes_are_listed_as_models()
    {
        var list = await Gateway.OpenAIClient().GetOpenAIModelClient().GetModelsAsync();

        var ids = list.Value.Select(m => m.Id).ToList();
        Assert.Contains("smart", ids);
        Assert.Contains("dead-first", ids);
        Assert.Contains("gpt-4o-mini", ids);
    }

    private static ModelPrice PriceOf(string model)
    {
        Assert.True(PriceBook.Create(new PricingConfig()).TryFind(model, DateTimeOffset.UtcNow, out var price));
        return price;
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public TestGateway Gateway { get; private set; } = null!;

        public async Task InitializeAsync() => Gateway = await TestGateway.StartAsync(
            extraProviders: $$""", "dead": { "kind": "openai", "baseUrl": "http://127.0.0.1:{{ClosedPort()}}/v1", "timeoutSeconds": 2, "maxRetries": 0 }""",
            extraJson: """
                , "routes": {
                    "smart": { "targets": ["mock/gpt-4o", "claude-sonnet-4"] },
                    "slow-first": { "targets": ["impatient/gpt-4o", "gpt-4o-mini"] },
                    "dead-first": { "targets": ["dead/gpt-4o", "gpt-4o-mini"] }
                  },
                  "routing": { "circuitBreaker": { "failureThreshold": 1000 } }
                """);

        public async Task DisposeAsync() => await Gateway.DisposeAsync();
    }
}
