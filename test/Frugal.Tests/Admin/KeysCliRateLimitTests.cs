using Frugal.Core.Budgets;
using Frugal.Core.Pipeline;
using Frugal.Tests.Budgets;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Tests.Admin;

/// <summary>
/// <c>frugal keys create|update</c> with a per-key rate limit: the CLI writes frugal.db by the admin API's rules, a
/// running gateway over that data directory enforces the limit after its budgets refresh, and <c>--no-rate-limit</c>
/// removes it.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class KeysCliRateLimitTests
{
    [Fact]
    public async Task Create_with_a_rate_limit_reaches_a_running_gateway_and_update_removes_it()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "frugal-tests", Guid.NewGuid().ToString("N")).Replace("\\", "/", StringComparison.Ordinal);
        var clock = RateLimitTests.EarlyInAMinute();
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", extraJson: """, "budgets": { "refreshSeconds": 1 }""", dataDir: dataDir, time: clock);
        var config = Path.Combine(dataDir, "frugal.json");
        await File.WriteAllTextAsync(config, $$"""{ "dataDir": "{{dataDir}}", "budgets": { "refreshSeconds": 1 } }""");

        var (code, secret, note) = await CliRunner.RunAsync("keys", "create", "--name", "batch-job", "--requests-per-minute", "1", "--max-output-tokens", "64", "--config", config);
        Assert.True(code == 0, note);
        Assert.Contains(" rate=rpm=1,max_out=64.", note, StringComparison.Ordinal);
        var id = note.Split(' ')[1];
        var (_, list, _) = await CliRunner.RunAsync("keys", "list", "--config", config);
        var row = list.Split('\n').Single(l => l.StartsWith(id, StringComparison.Ordinal));
        Assert.Contains("rpm=1,max_out=64", row, StringComparison.Ordinal);
        Assert.Contains("RATE LIMIT", list, StringComparison.Ordinal);

        // The gateway reads the CLI's rule on its next budgets refresh (the CLI has no callback into it).
        var catalog = gateway.App.Services.GetRequiredService<BudgetCatalog>();
        var tenant = new Tenant(id, "batch-job", null, []);
        Assert.True(await Eventually.UntilAsync(() =>
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            return catalog.OutputCapFor(tenant) == 64;
        }));
        clock.Advance(TimeSpan.FromTicks(TimeSpan.TicksPerMinute - (clock.GetUtcNow().UtcTicks % TimeSpan.TicksPerMinute)) + TimeSpan.FromSeconds(5));
        var client = gateway.ChatClient("gpt-4o-mini", secret.Trim());
        var first = await BudgetTesting.CallAsync(client, "long [[tokens:100]]");
        var second = await BudgetTesting.CallAsync(client, "again");
        Assert.Equal(64, first.Result!.Value.Usage.OutputTokenCount);
        Assert.Equal((429, "rate_limit_exceeded"), (second.Status, second.Code));

        var (updated, updateOut, updateError) = await CliRunner.RunAsync("keys", "update", id, "--no-rate-limit", "--config", config);
        Assert.True(updated == 0, updateError);
        Assert.Contains("rate limit none", updateOut, StringComparison.Ordinal);
        Assert.True(await Eventually.UntilAsync(() =>
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            return catalog.RatesFor(tenant).Count == 0 && catalog.OutputCapFor(tenant) is null;
        }));
        var (_, listAfter, _) = await CliRunner.RunAsync("keys", "list", "--config", config);
        Assert.DoesNotContain("rpm=1", listAfter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_rate_options_name_the_option_and_budgets_off_is_refused()
    {
        var dir = Path.Combine(Path.GetTempPath(), "frugal-tests", Guid.NewGuid().ToString("N")).Replace("\\", "/", StringComparison.Ordinal);
        Directory.CreateDirectory(dir);
        var withBudgets = Path.Combine(dir, "with.json");
        var without = Path.Combine(dir, "without.json");
        await File.WriteAllTextAsync(withBudgets, $$"""{ "dataDir": "{{dir}}/with", "budgets": {} }""");
        await File.WriteAllTextAsync(without, $$"""{ "dataDir": "{{dir}}/without" }""");

        var zero = await CliRunner.RunAsync("keys", "create", "--name", "z", "--requests-per-minute", "0", "--config", withBudgets);
        Assert.Equal(2, zero.ExitCode); // a usage error, caught before any rule runs
        Assert.Contains("--requests-per-minute must be a whole number from 1 to 100000000, not '0'", zero.Error, StringComparison.Ordinal);
        var huge = await CliRunner.RunAsync("keys", "create", "--name", "z", "--max-output-tokens", "10000001", "--config", withBudgets);
        Assert.Equal(2, huge.ExitCode);
        Assert.Contains("--max-output-tokens must be a whole number from 1 to 10000000", huge.Error, StringComparison.Ordinal);
        var text = await CliRunner.RunAsync("keys", "create", "--name", "z", "--tokens-per-minute", "lots", "--config", withBudgets);
        Assert.Equal(2, text.ExitCode);
        Assert.Contains("--tokens-per-minute", text.Error, StringComparison.Ordinal);

        var off = await CliRunner.RunAsync("keys", "create", "--name", "z", "--tokens-per-minute", "1000", "--config", without);
        Assert.Equal(1, off.ExitCode);
        Assert.Equal(string.Empty, off.Out); // no secret for a key that was not made
        Assert.Contains("\"budgets\" section", off.Error, StringComparison.Ordinal);

        var created = await CliRunner.RunAsync("keys", "create", "--name", "ok", "--config", withBudgets);
        var id = created.Error.Split(' ')[1];
        var both = await CliRunner.RunAsync("keys", "update", id, "--no-rate-limit", "--requests-per-minute", "5", "--config", withBudgets);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("--no-rate-limit", both.Error, StringComparison.Ordinal);
        var set = await CliRunner.RunAsync("keys", "update", id, "--requests-per-minute", "5", "--tokens-per-minute", "20000", "--config", withBudgets);
        Assert.True(set.ExitCode == 0, set.Error);
        Assert.Contains("rate limit rpm=5,tpm=20000", set.Out, StringComparison.Ordinal);
    }
}
