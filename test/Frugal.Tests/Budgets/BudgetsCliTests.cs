using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Budgets;

/// <summary><c>frugal budgets set|list|reset</c> against the data directory of a running gateway, which picks the changes up.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class BudgetsCliTests
{
    [Fact]
    public async Task Set_then_list_then_reset_reach_a_running_gateway()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "frugal-tests", Guid.NewGuid().ToString("N")).Replace("\\", "/", StringComparison.Ordinal);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow); // the gateway re-reads frugal.db each time the test moves it 1 s on
        await using var gateway = await TestGateway.StartAsync(extraJson: """, "budgets": { "refreshSeconds": 1 }""", dataDir: dataDir, time: clock);
        var config = Path.Combine(dataDir, "frugal.json");
        await File.WriteAllTextAsync(config, $$"""{ "dataDir": "{{dataDir}}", "budgets": { "refreshSeconds": 1 } }""");
        var client = gateway.ChatClient("gpt-4o-mini");

        var set = await CliRunner.RunAsync("budgets", "set", "--scope", "key", "--subject", "anonymous", "--window", "daily", "--usd", "0.00002", "--threshold", "0.9:downgrade", "--config", config);
        Assert.True(set.ExitCode == 0, set.Error);
        Assert.Contains("set key:anonymous:daily: $0.00002 daily for key anonymous; thresholds 90% downgrade, 100% block", set.Out, StringComparison.Ordinal);

        Assert.Equal(429, await CallUntilRefusedAsync(client, clock));

        var list = await CliRunner.RunAsync("budgets", "list", "--config", config);
        Assert.Equal(0, list.ExitCode);
        var line = list.Out.Split('\n').Single(l => l.StartsWith("key:anonymous:daily", StringComparison.Ordinal));
        Assert.Contains("runtime", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" 0.0%", line, StringComparison.Ordinal);

        var reset = await CliRunner.RunAsync("budgets", "reset", "key:anonymous:daily", "--config", config);
        Assert.True(reset.ExitCode == 0, reset.Error);
        var admittedAgain = await Eventually.UntilAsync(async () =>
        {
            clock.Advance(TimeSpan.FromSeconds(1)); // one refresh interval: the gateway reads the reset
            return (await BudgetTesting.CallAsync(client, "after the reset")).Status == 200;
        });

        Assert.True(admittedAgain, "the gateway applied the reset within its refresh interval");
        var listAfter = await CliRunner.RunAsync("budgets", "list", "--config", config);
        Assert.Contains("key:anonymous:daily", listAfter.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_value_is_refused_with_the_option_that_holds_it()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "frugal-tests", Guid.NewGuid().ToString("N")).Replace("\\", "/", StringComparison.Ordinal);
        Directory.CreateDirectory(dataDir);
        var config = Path.Combine(dataDir, "frugal.json");
        await File.WriteAllTextAsync(config, $$"""{ "dataDir": "{{dataDir}}" }""");

        var (code, _, error) = await CliRunner.RunAsync("budgets", "set", "--scope", "team", "--subject", "ml", "--window", "weekly", "--usd", "5", "--config", config);

        Assert.Equal(1, code);
        Assert.Contains("--window: 'weekly' is not one of: daily, monthly, rolling:Nd", error, StringComparison.Ordinal);
    }

    /// <summary>Calls until refused, moving the clock one refresh interval before each call so the gateway reads the new budget.</summary>
    private static async Task<int> CallUntilRefusedAsync(OpenAI.Chat.ChatClient client, FakeTimeProvider clock)
    {
        var calls = 0;
        return await Eventually.UntilAsync(
            async () =>
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                return (await BudgetTesting.CallAsync(client, $"call {calls++}")).Status;
            },
            status => status != 200);
    }
}
