using Frugal.Core.Budgets.Config;
using Frugal.Core.Configuration;
using Frugal.Server;

namespace Frugal.Tests.Budgets;

public sealed class BudgetsConfigReaderTests
{
    [Fact]
    public void A_full_section_is_read_with_defaults_filled_in()
    {
        var config = Load("""
            "budgets": {
              "storage": "redis", "onStoreUnavailable": "open", "defaultMaxOutputTokens": 1000, "alertWebhook": "http://127.0.0.1:9/hook",
              "limits": [
                { "scope": "team", "subject": "ml", "window": "monthly", "usd": 100, "thresholds": [ { "at": 0.9, "action": "downgrade" }, { "at": 0.5 } ] },
                { "id": "all-daily", "scope": "global", "window": "rolling:7d", "usd": 12.5 }
              ],
              "rateLimits": [ { "scope": "key", "subject": "fk-1", "requestsPerMinute": 60, "tokensPerMinute": 10000, "maxOutputTokens": 256 } ]
            }
            """);

        var budgets = config.Budgets;
        Assert.True(budgets.Enabled);
        Assert.Equal(BudgetStorageKind.Redis, budgets.Storage);
        Assert.True(budgets.FailOpen);
        Assert.Equal(1000, budgets.DefaultMaxOutputTokens);
        var team = budgets.Budgets[0];
        Assert.Equal("team:ml:monthly", team.Id);
        Assert.Equal([new BudgetThreshold(0.5m, BudgetAction.Alert), new BudgetThreshold(0.9m, BudgetAction.Downgrade)], team.Thresholds);
        var global = budgets.Budgets[1];
        Assert.Equal(("all-daily", "*", 7, 12.5m), (global.Id, global.Subject, global.Window.Days, global.LimitUsd));
        Assert.Equal(BudgetThreshold.Defaults, global.Thresholds);
        Assert.Equal(256, budgets.RateLimits[0].MaxOutputTokens);
    }

    [Fact]
    public void The_budgets_example_in_README_is_valid_as_written()
    {
        var readme = File.ReadAllText(Path.Combine(Frugal.Tests.Infrastructure.RepoRoot.Path, "README.md"));
        var section = readme[readme.IndexOf("## Budgets and rate limits", StringComparison.Ordinal)..];
        var json = System.Text.RegularExpressions.Regex.Match(section, "```json\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;

        var result = ConfigLoader.Parse(json, "README");

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal(4, result.Config!.Budgets.Budgets.Count);
        Assert.Equal(800, result.Config.Budgets.RateLimits[0].MaxOutputTokens);
    }

    [Fact]
    public void No_section_means_budgets_are_off()
        => Assert.False(Load("\"ledger\": {}").Budgets.Enabled);

    [Theory]
    [InlineData("""{ "storage": "disk" }""", "$.budgets.storage", "'disk' is not one of: sqlite, redis")]
    [InlineData("""{ "onStoreUnavailable": "maybe" }""", "$.budgets.onStoreUnavailable", "not one of: closed, open")]
    [InlineData("""{ "limits": [ { "scope": "team", "window": "daily", "usd": 1 } ] }""", "$.budgets.limits[0].subject", "is required for scope \"team\"")]
    [InlineData("""{ "limits": [ { "scope": "key", "subject": "k", "window": "weekly", "usd": 1 } ] }""", "$.budgets.limits[0].window", "'weekly' is not one of: daily, monthly, rolling:Nd")]
    [InlineData("""{ "limits": [ { "scope": "key", "subject": "k", "window": "rolling:0d", "usd": 1 } ] }""", "$.budgets.limits[0].window", "rolling:Nd")]
    [InlineData("""{ "limits": [ { "scope": "key", "subject": "k", "window": "daily", "usd": -1 } ] }""", "$.budgets.limits[0].usd", "must be between 0 and")]
    [InlineData("""{ "limits": [ { "scope": "key", "subject": "k", "window": "daily" } ] }""", "$.budgets.limits[0].usd", "is required")]
    [InlineData("""{ "limits": [ { "scope": "planet", "window": "daily", "usd": 1 } ] }""", "$.budgets.limits[0].scope", "'planet' is not one of: key, team, tag, global")]
    [InlineData("""{ "limits": [ { "scope": "global", "window": "daily", "usd": 1, "thresholds": [ { "at": 1.5 } ] } ] }""", "$.budgets.limits[0].thresholds[0].at", "must be between 0.01 and 1")]
    [InlineData("""{ "limits": [ { "scope": "global", "window": "daily", "usd": 1, "thresholds": [ { "at": 0.5, "action": "panic" } ] } ] }""", "$.budgets.limits[0].thresholds[0].action", "'panic' is not one of: alert, downgrade, block")]
    [InlineData("""{ "limits": [ { "scope": "global", "window": "daily", "usd": 1, "colour": "red" } ] }""", "$.budgets.limits[0].colour", "unknown setting")]
    [InlineData("""{ "limits": [ { "scope": "global", "window": "daily", "usd": 1 }, { "scope": "global", "window": "daily", "usd": 2 } ] }""", "$.budgets.limits[1]", "a second budget with id 'global:*:daily'")]
    [InlineData("""{ "rateLimits": [ { "scope": "team", "subject": "ml", "maxOutputTokens": 5 } ] }""", "$.budgets.rateLimits[0].maxOutputTokens", "per-key cap")]
    [InlineData("""{ "rateLimits": [ { "scope": "key", "subject": "k" } ] }""", "$.budgets.rateLimits[0]", "sets nothing")]
    [InlineData("""{ "rateLimits": [ { "scope": "key", "subject": "k", "requestsPerMinute": 0 } ] }""", "$.budgets.rateLimits[0].requestsPerMinute", "must be between 1 and")]
    [InlineData("""{ "alertWebhook": "ftp://x" }""", "$.budgets.alertWebhook", "not an absolute http")]
    public void Every_bad_value_is_reported_with_its_path(string section, string path, string message)
    {
        var result = ConfigLoader.Parse($$"""{ "budgets": {{section}} }""", "test");

        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Path == path && p.Message.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("daily", "2026-11-23T17:45:00Z", "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z")]
    [InlineData("monthly", "2026-12-31T23:59:00Z", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("rolling:2d", "2026-11-23T17:45:00Z", "2026-11-21T18:00:00Z", "2026-11-23T18:00:00Z")]
    public void Windows_start_and_reset_on_UTC_boundaries(string text, string now, string start, string resets)
    {
        var window = BudgetWindow.TryParse(text)!;
        var at = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), window.Start(at));
        Assert.Equal(DateTimeOffset.Parse(resets, System.Globalization.CultureInfo.InvariantCulture), window.ResetsAt(at));
        Assert.Equal(text, window.ToString());
    }

    private static GatewayConfig Load(string section)
    {
        var result = ConfigLoader.Parse($$"""{ {{section}} }""", "test");
        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        return result.Config!;
    }
}
