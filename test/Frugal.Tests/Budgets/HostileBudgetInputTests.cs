using System.Text.Json;
using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Admission;
using Frugal.Core.Budgets;
using Frugal.Core.Budgets.Config;
using Frugal.Core.Budgets.Storage;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Tests.Budgets;

/// <summary>
/// Issue #12, finding 1: client-supplied numbers in budget arithmetic. <c>max_tokens: 2147483647</c> overflowed an int in
/// <see cref="CallCostEstimate.AffordableOutput"/> and looped forever after reserving the whole budget, so every other key
/// got 429 until a restart. Now every product saturates, the search is bounded, and a reservation is released however its
/// call ends.
/// </summary>
public sealed class HostileBudgetInputTests
{
    private static readonly ModelPrice Gpt4o = new() { Model = "gpt-4o", InputPerMillion = 2.5m, CachedInputPerMillion = 1.25m, OutputPerMillion = 10m };

    [Fact]
    public async Task AffordableOutput_at_int_MaxValue_answers_the_exact_count_instead_of_looping()
    {
        var estimate = new CallCostEstimate(Gpt4o, InputTokens: 20, Choices: 1);

        // On main this never returned (int overflow in the midpoint); the bound only turns that hang into a failure.
        var tokens = await Task.Run(() => estimate.AffordableOutput(0.01m, int.MaxValue)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(995, tokens); // ($0.01 − 20 × $2.5/M) / ($10/M) = 995 tokens
        Assert.True(estimate.Cost(tokens) <= 0.01m);
        Assert.True(estimate.Cost(tokens + 1) > 0.01m);
        Assert.Equal(int.MaxValue, estimate.AffordableOutput(decimal.MaxValue, int.MaxValue));
        Assert.Equal(0, estimate.AffordableOutput(0.01m, int.MinValue));
        Assert.Equal(0, estimate.AffordableOutput(0m, int.MaxValue));
    }

    [Fact]
    public void Cost_saturates_at_long_and_int_extremes_instead_of_throwing()
    {
        var widest = new CallCostEstimate(Gpt4o, InputTokens: long.MaxValue, Choices: int.MaxValue);
        var absurdPrice = new CallCostEstimate(Gpt4o with { OutputPerMillion = 7.9e27m }, InputTokens: 1, Choices: 128);

        Assert.Equal(int.MaxValue * (decimal)int.MaxValue * 10m / 1_000_000m + long.MaxValue * 2.5m / 1_000_000m, widest.Cost(long.MaxValue));
        Assert.Equal(widest.Cost(0), widest.Cost(long.MinValue)); // negative output counts as none
        Assert.Equal(decimal.MaxValue, absurdPrice.Cost(int.MaxValue)); // decimal overflow → more than any budget
        Assert.Equal(decimal.MaxValue, absurdPrice.Cost(long.MaxValue));
    }

    [Fact]
    public void A_rate_counter_saturates_so_an_absurd_usage_report_cannot_wrap_it_negative()
    {
        var counters = new MemoryRateCounters();
        var rule = new RateLimitRule { Scope = BudgetScope.Team, Subject = "ml", TokensPerMinute = 1_000 };
        var now = new DateTimeOffset(2026, 11, 23, 12, 0, 10, TimeSpan.Zero);

        Assert.True(counters.TryConsume([rule], 10, now).IsAdmitted);
        counters.AddTokens([rule], long.MaxValue, now); // an upstream's usage: on main 10 + long.MaxValue wrapped negative
        var next = counters.TryConsume([rule], 10, now);

        Assert.False(next.IsAdmitted);
        Assert.Equal(("tokens", 1_000L), (next.Counter, next.Limit));
    }

    [Fact]
    public void Rate_counters_of_minutes_gone_by_are_dropped()
    {
        var counters = new MemoryRateCounters();
        var now = new DateTimeOffset(2026, 11, 23, 12, 0, 10, TimeSpan.Zero);
        for (var i = 0; i < 50; i++)
        {
            var rule = new RateLimitRule { Scope = BudgetScope.Key, Subject = $"key-{i}", RequestsPerMinute = 5 };
            Assert.True(counters.TryConsume([rule], 1, now.AddMinutes(i)).IsAdmitted);
        }

        Assert.Equal(1, counters.Count); // only the current minute's rule is still counted
    }

    [Fact]
    public async Task A_max_tokens_of_int_MaxValue_gets_a_prompt_capped_answer_and_leaves_the_budget_to_other_keys()
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", extraJson: """
            , "budgets": { "limits": [ { "id": "shared", "scope": "global", "window": "daily", "usd": 0.01 } ] }
            """);
        var keys = gateway.App.Services.GetRequiredService<IKeyStore>();
        var (_, attacker) = await VirtualKeys.CreateAsync(keys, "attacker", "a", [], TimeProvider.System, CancellationToken.None);
        var (_, other) = await VirtualKeys.CreateAsync(keys, "other", "b", [], TimeProvider.System, CancellationToken.None);

        // On main this request never got an answer (the gateway spun on a core); 30 s only bounds the failure.
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        using (var huge = await gateway.PostJsonAsync("/v1/chat/completions",
            """{"model":"mock/gpt-4o","max_tokens":2147483647,"messages":[{"role":"user","content":"hello"}]}""", attacker, timeout.Token))
        {
            var body = await huge.Content.ReadAsStringAsync(timeout.Token);
            Assert.True((int)huge.StatusCode is 200 or (>= 400 and < 500), $"{(int)huge.StatusCode}: {body}");
            if ((int)huge.StatusCode != 200)
            {
                Assert.True(JsonDocument.Parse(body).RootElement.TryGetProperty("error", out _), body);
            }
        }

        var afterwards = await BudgetTesting.CallAsync(gateway.ChatClient("gpt-4o-mini", other), "my turn", maxTokens: 20);

        Assert.Equal((200, null), (afterwards.Status, afterwards.Code));
        var status = (await gateway.App.Services.GetRequiredService<IBudgetStatusSource>().SnapshotAsync(CancellationToken.None)).Single();
        Assert.Equal(0m, status.ReservedUsd);
        Assert.True(status.SpentUsd is > 0m and <= 0.01m, $"spent {status.SpentUsd}");
        var upstream = gateway.Mock.Stats.TotalRequests;
        Assert.Equal(2, upstream);
    }

    [Fact]
    public async Task A_client_that_leaves_mid_call_streamed_or_not_leaves_no_reservation_behind()
    {
        await using var gateway = await BudgetTesting.StartAsync("""{ "limits": [ { "id": "leavers", "scope": "global", "window": "daily", "usd": 0.01 } ] }""");
        var source = gateway.App.Services.GetRequiredService<IBudgetStatusSource>();

        using (var leave = new CancellationTokenSource(TimeSpan.FromMilliseconds(500)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gateway.PostJsonAsync("/v1/chat/completions",
                """{"model":"mock/gpt-4o","max_tokens":2147483647,"messages":[{"role":"user","content":"slow [[latency:1500]]"}]}""", cancellationToken: leave.Token));
        }

        using (var stream = await gateway.PostJsonAsync("/v1/chat/completions",
            """{"model":"mock/gpt-4o","max_tokens":2147483647,"stream":true,"messages":[{"role":"user","content":"long [[chunks:200]] [[chunk-delay:20]]"}]}"""))
        {
            Assert.Equal(200, (int)stream.StatusCode);
            await using var body = await stream.Content.ReadAsStreamAsync();
            var first = new byte[64];
            Assert.True(await body.ReadAsync(first) > 0); // the stream started: then the client goes away
        }

        // Both calls end on the server side asynchronously (the latency runs out, the stream notices the abort): wait, bounded.
        var reserved = await Eventually.UntilAsync(
            async () => (await source.SnapshotAsync(CancellationToken.None)).Single().ReservedUsd,
            usd => usd == 0m);

        Assert.Equal(0m, reserved);
        var next = await BudgetTesting.CallAsync(gateway.ChatClient("gpt-4o-mini"), "the budget is free again", maxTokens: 20);
        Assert.Equal(200, next.Status);
    }
}
