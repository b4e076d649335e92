using System.Text.Json;
using Frugal.MockUpstream;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using OpenAI.Chat;
using Xunit.Abstractions;

namespace Frugal.Tests.PromptCache;

/// <summary>
/// Issue #16's workload through the real gateway and the caching MockUpstream: the same 200 calls with the stage off
/// and on. Figures go to the test output (see the notes for the run).
/// </summary>
[Trait("Category", "Slow")]
public sealed class PromptCacheWorkloadTests(ITestOutputHelper output)
{
    private const int Calls = PromptCacheWorkload.Conversations * PromptCacheWorkload.CallsPerConversation;
    private const string StageOn = """, "promptCache": { "providers": { "pc-anthropic": "auto", "pc-openai": "auto" } }""";

    private const string Claude = "pc-anthropic/claude-sonnet-4-20250514";
    private const string Gpt = "pc-openai/gpt-4o-mini";

    // claude-sonnet-4-20250514 list prices, USD per 1M tokens (prices/catalog.json).
    private const decimal Input = 3.00m, Write5m = 3.75m, Write1h = 6.00m;

    [Fact]
    public async Task Anthropic_cached_share_rises_from_zero_to_at_least_80_percent_and_the_ledger_cost_falls()
    {
        var off = await RunAsync(Claude, extraJson: "");
        var on = await RunAsync(Claude, StageOn);

        output.WriteLine($"stage off: {off.Totals}");
        output.WriteLine($"stage on:  {on.Totals}");
        output.WriteLine($"write premium paid (on): ${on.Totals.WritePremiumUsd(Input, Write5m, Write1h):0.000000}; cost saved: ${off.Totals.CostUsd - on.Totals.CostUsd:0.000000} ({1 - (on.Totals.CostUsd / off.Totals.CostUsd):P1})");

        Assert.Equal(Calls, off.Totals.Calls);
        Assert.Equal(Calls, on.Totals.Calls);
        Assert.Equal(0, off.Totals.CachedTokens);
        Assert.Equal(0, off.Totals.Write5mTokens + off.Totals.Write1hTokens);
        Assert.All(off.Headers, Assert.Null);
        Assert.True(on.Totals.CachedShare >= 0.80, $"cached share {on.Totals.CachedShare:P1} < 80 %");
        Assert.True(on.Totals.CostUsd < off.Totals.CostUsd * 0.5m, $"cost on {on.Totals.CostUsd} vs off {off.Totals.CostUsd}");
        Assert.Equal("bp=0;stable=learning", on.Headers[0]); // the first sighting of the prefix: no marker, no premium
        Assert.Contains(on.Headers, header => header!.Contains("stable=read", StringComparison.Ordinal));
        Assert.Contains(on.Headers, header => header!.Contains("tail=read+write", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Openai_prompt_cache_key_is_set_and_stable_per_prefix()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await TestGateway.StartAsync(extraJson: StageOn, extraProviders: PromptCacheWorkload.Providers, mockOptions: new MockUpstreamOptions { SimulatePromptCaching = true, Time = clock }, time: clock);

        var first = await PromptCacheWorkload.RunAsync(gateway, clock, Gpt);
        var keys = KeysSent(gateway);
        gateway.Mock.Reset();
        await PromptCacheWorkload.RunAsync(gateway, clock, Gpt, systemVariant: "Branch: Rotterdam.\n");
        var otherKeys = KeysSent(gateway);
        var totals = await PromptCacheTotals.ReadAsync(gateway, 2 * Calls);
        output.WriteLine($"openai-kind, both prefixes: {totals}");

        Assert.Equal(Calls, keys.Count);
        Assert.Single(keys.Distinct(StringComparer.Ordinal));
        Assert.Single(otherKeys.Distinct(StringComparer.Ordinal));
        Assert.NotEqual(keys[0], otherKeys[0]);
        Assert.StartsWith("frugal-", keys[0], StringComparison.Ordinal);
        Assert.All(first, header => Assert.Equal("key=set", header));
        Assert.True(totals.CachedShare > 0.5, $"cached share {totals.CachedShare:P1}");
    }

    [Fact]
    public async Task A_prefix_that_is_never_reused_gets_no_breakpoint_and_pays_no_write_premium()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await TestGateway.StartAsync(extraJson: StageOn, extraProviders: PromptCacheWorkload.Providers, mockOptions: new MockUpstreamOptions { SimulatePromptCaching = true, Time = clock }, time: clock);
        var client = gateway.ChatClient(Claude);
        var headers = new List<string?>();
        for (var i = 0; i < 30; i++)
        {
            // A request id at the very start of the system prompt: every prefix is new.
            var result = await client.CompleteChatAsync(
                [new SystemChatMessage(PromptCacheWorkload.SystemPrompt($"Request {Guid.NewGuid():N}.\n")), new UserChatMessage("Where is my parcel?")],
                PromptCacheWorkload.Options());
            headers.Add(result.GetRawResponse().Headers.TryGetValue("x-frugal-prompt-cache", out var header) ? header : null);
            clock.Advance(TimeSpan.FromSeconds(10));
        }

        var totals = await PromptCacheTotals.ReadAsync(gateway, 30);
        output.WriteLine($"never reused: {totals}");

        Assert.Equal(0, totals.Write5mTokens + totals.Write1hTokens);
        Assert.Equal(0, totals.CachedTokens);
        Assert.All(headers, header => Assert.Equal("bp=0;stable=learning", header));
        Assert.All(gateway.Mock.RecentRequests, request => Assert.DoesNotContain("cache_control", request.Body, StringComparison.Ordinal));
    }

    private static List<string> KeysSent(TestGateway gateway)
    {
        var keys = new List<string>();
        foreach (var request in gateway.Mock.RecentRequests)
        {
            using var body = JsonDocument.Parse(request.Body);
            keys.Add(body.RootElement.GetProperty("prompt_cache_key").GetString()!);
        }

        return keys;
    }

    private static async Task<(PromptCacheTotals Totals, List<string?> Headers)> RunAsync(string model, string extraJson)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await TestGateway.StartAsync(extraJson: extraJson, extraProviders: PromptCacheWorkload.Providers, mockOptions: new MockUpstreamOptions { SimulatePromptCaching = true, Time = clock }, time: clock);
        var headers = await PromptCacheWorkload.RunAsync(gateway, clock, model);
        return (await PromptCacheTotals.ReadAsync(gateway, Calls), headers);
    }
}
