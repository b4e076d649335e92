using System.Text.Json;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Tests.Budgets;

/// <summary>Blocks (429 budget_exceeded with retry-after), block thresholds, the downgrade to a route's cheaper model, unpriced models.</summary>
public sealed class BudgetEnforcementTests
{
    [Fact]
    public async Task An_exhausted_budget_answers_429_budget_exceeded_naming_the_budget_and_its_reset_with_retry_after()
    {
        await using var gateway = await BudgetTesting.StartAsync("""
            { "limits": [ { "id": "anon-daily", "scope": "key", "subject": "anonymous", "window": "daily", "usd": 0.00002 } ] }
            """);
        var client = gateway.ChatClient("gpt-4o-mini");
        var statuses = new List<int>();
        for (var i = 0; i < 10 && (statuses.Count == 0 || statuses[^1] == 200); i++)
        {
            statuses.Add((await BudgetTesting.CallAsync(client, $"spend {i}")).Status);
        }

        Assert.Equal(429, statuses[^1]);
        Assert.True(statuses.Count >= 2, "the budget pays for at least one call");

        using var response = await gateway.PostJsonAsync("/v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"one more"}]}""");
        var error = await OpenAIError.AssertAsync(response, 429, "budget_exceeded");
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("Budget 'anon-daily'", message, StringComparison.Ordinal);
        Assert.Contains("resets at " + DateTime.UtcNow.Date.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + " 00:00:00 UTC", message, StringComparison.Ordinal);
        var retryAfter = int.Parse(response.Headers.GetValues("retry-after").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 86_400);

        var rows = await LedgerRows.WaitForAsync(gateway, statuses.Count + 1);
        Assert.True(rows.Where(r => r.Long("status") == 200).Sum(r => r.Usd("cost_nusd") ?? 0) <= 0.00002m);
        Assert.Equal("budget_exceeded", rows[^1].Text("error_code"));
    }

    [Fact]
    public async Task A_block_threshold_below_100_percent_blocks_once_spend_reaches_it()
    {
        await using var gateway = await BudgetTesting.StartAsync("""
            { "limits": [ { "id": "half", "scope": "global", "window": "monthly", "usd": 0.00004, "thresholds": [ { "at": 0.5, "action": "block" } ] } ] }
            """);
        var client = gateway.ChatClient("gpt-4o-mini");

        var first = await BudgetTesting.CallAsync(client, "a call that costs more than half of the budget [[tokens:40]]");
        var second = await BudgetTesting.CallAsync(client, "hello again");

        Assert.Equal(200, first.Status);
        Assert.Equal((429, "budget_exceeded"), (second.Status, second.Code));
    }

    [Fact]
    public async Task Past_a_downgrade_threshold_a_route_answers_with_its_next_cheaper_model()
    {
        await using var gateway = await BudgetTesting.StartAsync(
            """{ "limits": [ { "id": "team-ml", "scope": "global", "window": "daily", "usd": 0.001, "thresholds": [ { "at": 0.05, "action": "downgrade" } ] } ] }""",
            """, "routes": { "smart": { "targets": ["mock/gpt-4o", "gpt-4o-mini"] } }""");
        var client = gateway.ChatClient("smart");

        var before = await BudgetTesting.CallAsync(client, "first question, still under the threshold");
        var after = await BudgetTesting.CallAsync(client, "second question, past the threshold");

        Assert.Equal("gpt-4o", BudgetTesting.Header(before.Result!, "x-frugal-model"));
        Assert.Equal("gpt-4o-mini", BudgetTesting.Header(after.Result!, "x-frugal-model"));
        var route = Uri.UnescapeDataString(BudgetTesting.Header(after.Result!, "x-frugal-route"));
        Assert.Contains("reason=downgrade:budget team-ml at ", route, StringComparison.Ordinal);
        Assert.Contains("(mock/gpt-4o->gpt-4o-mini)", route, StringComparison.Ordinal);
        Assert.StartsWith("Mock reply from gpt-4o-mini", after.Result!.Value.Content[0].Text, StringComparison.Ordinal);

        var rows = await LedgerRows.WaitForAsync(gateway, 2);
        Assert.Equal(["mock/gpt-4o", "gpt-4o-mini"], rows.Select(r => r.Text("model")));
        Assert.True(rows[0].Usd("cost_nusd") > rows[1].Usd("cost_nusd") * 5, "gpt-4o costs ~16x gpt-4o-mini");
    }

    [Fact]
    public async Task A_failed_attempt_releases_its_reservation_and_the_answering_attempt_settles_at_the_ledgers_cost()
    {
        await using var gateway = await BudgetTesting.StartAsync(
            """{ "limits": [ { "id": "per-attempt", "scope": "global", "window": "daily", "usd": 0.01 } ] }""",
            """, "routes": { "smart": { "targets": ["mock/gpt-4o", "gpt-4o-mini"] } }""");

        var answered = await BudgetTesting.CallAsync(gateway.ChatClient("smart"), "first target fails [[fault:500:model=gpt-4o]]", maxTokens: 50);

        Assert.Equal(200, answered.Status);
        Assert.Equal("gpt-4o-mini", BudgetTesting.Header(answered.Result!, "x-frugal-model"));
        var row = (await LedgerRows.WaitForAsync(gateway, 1)).Single();
        Assert.True(row.Long("attempts") >= 2, "gpt-4o was tried and failed before gpt-4o-mini answered");
        var status = (await gateway.App.Services.GetRequiredService<Frugal.Core.Budgets.IBudgetStatusSource>().SnapshotAsync(CancellationToken.None)).Single();
        Assert.Equal(0m, status.ReservedUsd); // gpt-4o's reservation was released, gpt-4o-mini's settled
        Assert.Equal(row.Usd("cost_nusd"), status.SpentUsd);
    }

    [Fact]
    public async Task Embeddings_count_against_a_budget_and_are_refused_once_it_is_spent()
    {
        await using var gateway = await BudgetTesting.StartAsync("""{ "limits": [ { "id": "embed", "scope": "global", "window": "daily", "usd": 0.000002 } ] }""");
        var client = gateway.OpenAIClient().GetEmbeddingClient("mock/text-embedding-3-small");
        var statuses = new List<int>();
        for (var i = 0; i < 20 && (statuses.Count == 0 || statuses[^1] == 200); i++)
        {
            try
            {
                await client.GenerateEmbeddingAsync($"embed this sentence of several words, number {i}");
                statuses.Add(200);
            }
            catch (System.ClientModel.ClientResultException ex)
            {
                statuses.Add(ex.Status);
            }
        }

        Assert.Equal(429, statuses[^1]);
        Assert.True(statuses.Count > 2, "several embeddings fit before the limit");
        var rows = await LedgerRows.WaitForAsync(gateway, statuses.Count);
        Assert.True(rows.Where(r => r.Long("status") == 200).Sum(r => r.Usd("cost_nusd") ?? 0) <= 0.000002m);
        Assert.Equal("budget_exceeded", rows[^1].Text("error_code"));
    }

    [Fact]
    public async Task A_model_without_a_price_is_refused_when_a_budget_applies_and_admitted_unreserved_when_allowed()
    {
        await using var strict = await BudgetTesting.StartAsync("""{ "limits": [ { "scope": "global", "window": "daily", "usd": 1 } ] }""");
        using var refused = await strict.PostJsonAsync("/v1/chat/completions", """{"model":"mock/no-such-priced-model","messages":[{"role":"user","content":"hi"}]}""");
        var error = await OpenAIError.AssertAsync(refused, 400, "budget_price_missing");
        Assert.Contains("no price", error.GetProperty("message").GetString(), StringComparison.Ordinal);

        await using var lenient = await BudgetTesting.StartAsync("""{ "unpricedModels": "allow", "limits": [ { "scope": "global", "window": "daily", "usd": 1 } ] }""");
        using var admitted = await lenient.PostJsonAsync("/v1/chat/completions", """{"model":"mock/no-such-priced-model","messages":[{"role":"user","content":"hi"}]}""");
        Assert.Equal(200, (int)admitted.StatusCode);
    }
}
