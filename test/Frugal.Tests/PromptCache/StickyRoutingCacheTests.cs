using System.Globalization;
using Frugal.MockUpstream;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using OpenAI.Chat;
using Xunit.Abstractions;

namespace Frugal.Tests.PromptCache;

/// <summary>
/// Issue #16 item 4: what sticky routing does for provider prompt caches. A complexity route spreads the turns of each
/// conversation over two equivalent targets — the same Claude model at two Anthropic-kind providers, each backed by
/// its own MockUpstream so each has its own simulated cache (the simulator keys Anthropic entries by model only, so
/// two providers on one mock would share a cache and hide the effect). Turns alternate between a simple request (fast
/// tier, "east") and an analysis request (balanced/powerful tiers, "west"). The same calls run with the route's
/// <c>sticky</c> off and on, the prompt-cache stage on for both providers in both runs; figures go to the test output.
/// </summary>
[Trait("Category", "Slow")]
public sealed class StickyRoutingCacheTests(ITestOutputHelper output)
{
    private const int Conversations = 10;
    private const int TurnsPerConversation = 8;
    private const int Calls = Conversations * TurnsPerConversation;
    private const string Model = "claude-sonnet-4-20250514";
    private const string East = "sticky-east";
    private const string West = "sticky-west";

    /// <param name="ownPrefix">
    /// False: every conversation shares the support bot's system prompt (both providers soon hold it, so only the
    /// conversation tails depend on stickiness). True: each conversation's system prompt starts with its own customer
    /// record, so its whole prefix is cached only where the conversation has been.
    /// </param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Sticky_sessions_raise_the_cached_share_of_input_tokens_and_lower_the_ledger_cost(bool ownPrefix)
    {
        var off = await RunAsync(sticky: false, ownPrefix);
        var on = await RunAsync(sticky: true, ownPrefix);

        output.WriteLine(ownPrefix ? "system prompt per conversation (customer record first):" : "one system prompt shared by all conversations:");
        output.WriteLine($"sticky off: {off.Totals}; provider switches within a conversation: {off.Switches}; calls east/west: {off.EastCalls}/{Calls - off.EastCalls}");
        output.WriteLine($"sticky on:  {on.Totals}; provider switches within a conversation: {on.Switches}; calls east/west: {on.EastCalls}/{Calls - on.EastCalls}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cached share {off.Totals.CachedShare:P1} -> {on.Totals.CachedShare:P1}; cost ${off.Totals.CostUsd:0.000000} -> ${on.Totals.CostUsd:0.000000} ({1 - (on.Totals.CostUsd / off.Totals.CostUsd):P1} saved)"));

        Assert.Equal(Calls, off.Totals.Calls);
        Assert.Equal(Calls, on.Totals.Calls);

        // The route really spreads the work: without sticky, conversations hop between providers; with it, none does,
        // yet both providers still serve conversations (a conversation stays where its first turn went).
        Assert.True(off.Switches >= Conversations * (TurnsPerConversation - 1) / 2, $"only {off.Switches} switches without sticky");
        Assert.Equal(0, on.Switches);
        Assert.Equal(0, off.StickyAnswers);
        Assert.Equal(Calls - Conversations, on.StickyAnswers); // every turn after the first: x-frugal-route says reason=sticky
        Assert.InRange(off.EastCalls, 1, Calls - 1);
        Assert.InRange(on.EastCalls, 1, Calls - 1);

        Assert.True(on.Totals.CachedShare > off.Totals.CachedShare, $"cached share on {on.Totals.CachedShare:P1} <= off {off.Totals.CachedShare:P1}");
        Assert.True(on.Totals.CostUsd < off.Totals.CostUsd, $"cost on {on.Totals.CostUsd} >= off {off.Totals.CostUsd}");
    }

    private static string Route(bool sticky) => $$"""
        , "promptCache": { "providers": { "{{East}}": "auto", "{{West}}": "auto" } }
        , "routes": { "support": { "strategy": "complexity", "priority": "cost",
            "tiers": { "fast": "{{East}}/{{Model}}", "balanced": "{{West}}/{{Model}}", "powerful": "{{West}}/{{Model}}" },
            "sticky": {{(sticky ? "true" : "false")}} } }
        """;

    /// <summary>Two providers of the same kind and model, each on its own MockUpstream (its own simulated cache).</summary>
    private static string Providers(Uri westUrl) => $$"""
        , "{{East}}": { "kind": "anthropic", "baseUrl": "{mockUrl}", "apiKeyEnv": "FRUGAL_TEST_PROVIDER_KEY", "timeoutSeconds": 60, "maxRetries": 0 }
        , "{{West}}": { "kind": "anthropic", "baseUrl": "{{westUrl.AbsoluteUri.TrimEnd('/')}}", "apiKeyEnv": "FRUGAL_TEST_PROVIDER_KEY", "timeoutSeconds": 60, "maxRetries": 0 }
        """;

    /// <summary>
    /// Even turns of a conversation ask for a simple rewrite, odd turns for an analysis; half the conversations start
    /// with the analysis, so without sticky every conversation alternates between the two providers.
    /// </summary>
    private static string Turn(int conversation, int turn)
        => (turn + conversation) % 2 == 0
            ? $"Please translate and summarise this short note for customer {conversation}, turn {turn}: the parcel is on its way."
            : $"Please analyse why parcel {1000 + conversation} keeps failing, design a plan, optimise the route and debug the carrier hand-off (turn {turn}).";

    private static async Task<(PromptCacheTotals Totals, int Switches, int EastCalls, int StickyAnswers)> RunAsync(bool sticky, bool ownPrefix)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var west = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { SimulatePromptCaching = true, Time = clock });
        await using var gateway = await TestGateway.StartAsync(extraJson: Route(sticky), extraProviders: Providers(west.BaseUri), mockOptions: new MockUpstreamOptions { SimulatePromptCaching = true, Time = clock }, time: clock);

        var client = gateway.ChatClient("support");
        var shared = PromptCacheWorkload.SystemPrompt();
        var histories = new List<List<ChatMessage>>();
        var stickyAnswers = 0;
        for (var c = 0; c < Conversations; c++)
        {
            var system = ownPrefix ? PromptCacheWorkload.SystemPrompt($"Customer record: customer {c}, parcel {1000 + c}, gold tier since {2015 + c}.\n") : shared;
            histories.Add([new SystemChatMessage(system)]);
        }

        // Round-robin over the conversations, 15 s of fake time per call: a conversation's next turn comes 150 s later,
        // inside the 5-minute cache TTL, so whatever a provider cached for it is still there if the turn comes back.
        for (var turn = 0; turn < TurnsPerConversation; turn++)
        {
            for (var c = 0; c < Conversations; c++)
            {
                var history = histories[c];
                history.Add(new UserChatMessage(Turn(c, turn)));
                var result = await client.CompleteChatAsync(history);
                var completion = result.Value;
                if (result.GetRawResponse().Headers.TryGetValue("x-frugal-route", out var route) && route!.Contains("reason=sticky", StringComparison.Ordinal))
                {
                    stickyAnswers++;
                }

                history.Add(new AssistantChatMessage(completion));
                clock.Advance(PromptCacheWorkload.CallSpacing);
            }
        }

        var totals = await PromptCacheTotals.ReadAsync(gateway, Calls);
        var rows = await LedgerRows.WaitForAsync(gateway, Calls);
        return (totals, Switches(rows), rows.Count(row => row.Text("provider") == East), stickyAnswers);
    }

    /// <summary>
    /// Provider changes between consecutive turns of a conversation. Rows are in call order (one writer, ids ascending)
    /// and the calls went round-robin, so row i belongs to conversation i mod <see cref="Conversations"/>.
    /// </summary>
    private static int Switches(List<Dictionary<string, object?>> rows)
    {
        var switches = 0;
        for (var i = Conversations; i < rows.Count; i++)
        {
            if (rows[i].Text("provider") != rows[i - Conversations].Text("provider"))
            {
                switches++;
            }
        }

        return switches;
    }
}
