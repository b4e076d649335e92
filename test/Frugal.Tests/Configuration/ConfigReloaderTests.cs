using Frugal.Server.Configuration;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Frugal.Tests.Configuration;

/// <summary>
/// A reload check (SIGHUP, or the file changing) validates the file with the start-up loader: a broken file logs every
/// problem and the gateway keeps its configuration; a valid one logs the sections that need a restart.
/// </summary>
public sealed class ConfigReloaderTests
{
    private const string WithRoute = """
        { "providers": { "mock": { "kind": "openai", "baseUrl": "http://127.0.0.1:9/v1" } },
          "routes": { "cheap": { "targets": ["mock/small"] } } }
        """;

    [Fact]
    public async Task A_broken_file_keeps_the_running_configuration_and_logs_every_problem()
    {
        using var file = new ConfigFixture(WithRoute);
        using var logs = new CapturedLogs();
        using var reloader = Reloader(file, logs, new FakeTimeProvider());
        await reloader.StartAsync(CancellationToken.None);

        File.WriteAllText(file.FilePath, """{ "cache": { "enabled": "yes", "ttlSeconds": -1 } }""");
        var outcome = reloader.Reload();

        Assert.False(outcome.IsValid);
        Assert.Equal(2, outcome.Problems.Count);
        Assert.Contains(logs.Lines, l => l.Contains("has 2 problem(s); still running on the configuration loaded at start", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("$.cache.enabled: must be true or false", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("$.cache.ttlSeconds: must be between", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_valid_change_names_the_sections_that_need_a_restart()
    {
        using var file = new ConfigFixture(WithRoute);
        using var logs = new CapturedLogs();
        using var reloader = Reloader(file, logs, new FakeTimeProvider());
        await reloader.StartAsync(CancellationToken.None);

        var unchanged = reloader.Reload();
        File.WriteAllText(file.FilePath, WithRoute.Replace("mock/small", "mock/large", StringComparison.Ordinal).Replace("\"routes\"", "\"prices\": { \"models\": { \"mock/large\": { \"input\": 1, \"output\": 2 } } }, \"routes\"", StringComparison.Ordinal));
        var changed = reloader.Reload();

        Assert.Empty(unchanged.ChangedSections);
        Assert.Equal(["prices", "routes"], changed.ChangedSections);
        Assert.Contains(logs.Lines, l => l.Contains("restart needed for prices, routes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Writing_the_file_triggers_a_check_after_the_debounce()
    {
        using var file = new ConfigFixture(WithRoute);
        using var logs = new CapturedLogs();
        var time = new FakeTimeProvider();
        using var reloader = Reloader(file, logs, time);
        await reloader.StartAsync(CancellationToken.None);

        File.WriteAllText(file.FilePath, """{ "cache": { "enabled": "yes" } }""");
        var logged = await Eventually.UntilAsync(() =>
        {
            time.Advance(TimeSpan.FromMilliseconds(600)); // the watcher's event arrives on its own thread; the debounce runs on the fake clock
            return logs.Lines.Any(l => l.Contains("$.cache.enabled: must be true or false", StringComparison.Ordinal));
        });

        Assert.True(logged, string.Join("\n", logs.Lines));
    }

    [Fact]
    public void Reordered_keys_are_no_change()
    {
        var running = System.Text.Json.Nodes.JsonNode.Parse("""{ "cache": { "enabled": true, "ttlSeconds": 5 }, "ledger": {} }""")!.AsObject();
        var candidate = System.Text.Json.Nodes.JsonNode.Parse("""{ "ledger": {}, "cache": { "ttlSeconds": 5, "enabled": true } }""")!.AsObject();

        Assert.Empty(ConfigReloader.ChangedSections(running, candidate));
    }

    private static ConfigReloader Reloader(ConfigFixture file, CapturedLogs logs, TimeProvider time)
    {
        var factory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        return new ConfigReloader(new ConfigReloadSettings(file.FilePath, () => new Dictionary<string, string>()), time, factory.CreateLogger<ConfigReloader>());
    }
}
