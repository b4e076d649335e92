using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Tests.Budgets;

/// <summary>Requests and tokens per minute per key and per team: an OpenAI-style 429 rate_limit_exceeded with retry-after.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task The_request_after_a_keys_requests_per_minute_gets_429_with_retry_after()
    {
        await using var gateway = await BudgetTesting.StartAsync("""
            { "rateLimits": [ { "scope": "key", "subject": "anonymous", "requestsPerMinute": 3 } ] }
            """, time: EarlyInAMinute());
        var client = gateway.ChatClient("gpt-4o-mini");
        var statuses = new List<(int, string?)>();
        for (var i = 0; i < 3; i++)
        {
            var (status, code, _) = await BudgetTesting.CallAsync(client, $"call {i}");
            statuses.Add((status, code));
        }

        using var fourth = await gateway.PostJsonAsync("/v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"one too many"}]}""");

        Assert.All(statuses, s => Assert.Equal((200, (string?)null), s));
        var error = await OpenAIError.AssertAsync(fourth, 429, "rate_limit_exceeded");
        Assert.Contains("key:anonymous", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("requests", error.GetProperty("type").GetString());
        var retryAfter = int.Parse(fourth.Headers.GetValues("retry-after").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        var rows = await LedgerRows.WaitForAsync(gateway, 4);
        Assert.Equal("rate_limit_exceeded", rows[^1].Text("error_code"));
    }

    [Fact]
    public async Task Tokens_per_minute_count_the_prompt_before_and_the_output_after_each_call()
    {
        await using var gateway = await BudgetTesting.StartAsync("""
            { "rateLimits": [ { "scope": "key", "subject": "anonymous", "tokensPerMinute": 100 } ] }
            """, time: EarlyInAMinute());
        var client = gateway.ChatClient("gpt-4o-mini");

        var first = await BudgetTesting.CallAsync(client, "short prompt [[tokens:90]]"); // ~14 prompt tokens admitted, then 90 output tokens counted: the next prompt no longer fits
        var second = await BudgetTesting.CallAsync(client, "another short prompt [[tokens:5]]");

        Assert.Equal(200, first.Status);
        Assert.Equal((429, "rate_limit_exceeded"), (second.Status, second.Code));
    }

    [Fact]
    public async Task A_team_limit_is_shared_by_every_key_of_the_team()
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", extraJson: """
            , "budgets": { "rateLimits": [ { "scope": "team", "subject": "ml", "requestsPerMinute": 2 } ] }
            """, time: EarlyInAMinute());
        var store = gateway.App.Services.GetRequiredService<Frugal.Core.Admission.IKeyStore>();
        var (_, alice) = await Frugal.Core.Admission.VirtualKeys.CreateAsync(store, "alice", "ml", [], TimeProvider.System, CancellationToken.None);
        var (_, bob) = await Frugal.Core.Admission.VirtualKeys.CreateAsync(store, "bob", "ml", [], TimeProvider.System, CancellationToken.None);
        var (_, carol) = await Frugal.Core.Admission.VirtualKeys.CreateAsync(store, "carol", "ops", [], TimeProvider.System, CancellationToken.None);

        var a = await BudgetTesting.CallAsync(gateway.ChatClient("gpt-4o-mini", alice), "a");
        var b = await BudgetTesting.CallAsync(gateway.ChatClient("gpt-4o-mini", bob), "b");
        var a2 = await BudgetTesting.CallAsync(gateway.ChatClient("gpt-4o-mini", alice), "a2");
        var c = await BudgetTesting.CallAsync(gateway.ChatClient("gpt-4o-mini", carol), "c");

        Assert.Equal((200, 200, 429, 200), (a.Status, b.Status, a2.Status, c.Status));
    }

    /// <summary>
    /// Windows are fixed UTC minutes; a test must not straddle a boundary (it would get a fresh allowance). A fake clock
    /// five seconds into the current minute never reaches the next one unless the test advances it.
    /// </summary>
    internal static FakeTimeProvider EarlyInAMinute()
    {
        var now = DateTimeOffset.UtcNow;
        return new FakeTimeProvider(new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddSeconds(5));
    }
}
