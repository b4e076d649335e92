using Frugal.Core.Configuration.Live;
using Frugal.Server.Configuration;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Frugal.Tests.Configuration;

/// <summary>
/// A reload (SIGHUP, or the file changing) validates the file with the start-up loader: a broken file logs every
/// problem and the gateway keeps its configuration; a valid one applies the live settings as a new generation and names
/// those that need a restart. (What a reload does to requests: <see cref="LiveReloadTests"/>.)
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
        Assert.Contains(logs.Lines, l => l.Contains("has 2 problem(s); still running on the configuration in force", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("$.cache.enabled: must be true or false", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("$.cache.ttlSeconds: must be between", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_valid_change_applies_its_live_settings_as_the_next_generation()
    {
        using var file = new ConfigFixture(WithRoute);
        using var logs = new CapturedLogs();
        using var reloader = Reloader(file, logs, new FakeTimeProvider(), out var generations);
        await reloader.StartAsync(CancellationToken.None);

        var unchanged = reloader.Reload();
        File.WriteAllText(file.FilePath, WithRoute.Replace("mock/small", "mock/large", StringComparison.Ordinal).Replace("\"routes\"", "\"prices\": { \"models\": { \"mock/large\": { \"input\": 1, \"output\": 2 } } }, \"routes\"", StringComparison.Ordinal));
        var changed = reloader.Reload();

        Assert.Empty(unchanged.Changed);
        Assert.Null(unchanged.Generation);
        Assert.Equal(["prices", "routes"], changed.Applied);
        Assert.Empty(changed.RestartNeeded);
        Assert.Equal(2, changed.Generation);
        Assert.Equal(["mock/large"], generations.Current.Config.Routing.Routes["cheap"].Targets);
        Assert.Contains(logs.Lines, l => l.Contains("applied prices, routes (generation 2)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Settings_that_need_a_restart_are_named_and_kept_while_the_live_ones_apply()
    {
        using var file = new ConfigFixture(WithRoute);
        using var logs = new CapturedLogs();
        using var reloader = Reloader(file, logs, new FakeTimeProvider(), out var generations);
        await reloader.StartAsync(CancellationToken.None);

        File.WriteAllText(file.FilePath, WithRoute.Replace("mock/small", "mock/large", StringComparison.Ordinal)
            .Replace("\"routes\"", "\"cache\": { \"enabled\": true, \"ttlSeconds\": 60 }, \"ledger\": { \"maxBatchSize\": 64 }, \"routes\"", StringComparison.Ordinal));
        var outcome = reloader.Reload();

        // "cache" appears as a new section (it switches the cache on): restart; "ledger" is never live; "routes" is.
        Assert.Equal(["routes"], outcome.Applied);
        Assert.Equal(["cache", "ledger"], outcome.RestartNeeded);
        Assert.False(generations.Current.Config.Cache.Enabled);
        Assert.Equal(["mock/large"], generations.Current.Config.Routing.Routes["cheap"].Targets);
        Assert.Contains(logs.Lines, l => l.Contains("restart needed for cache, ledger (kept as they were)", StringComparison.Ordinal));

    }

    [Fact]
    public async Task Within_a_section_the_rules_are_live_and_the_switch_is_not()
    {
        const string Before = """
            { "providers": { "mock": { "kind": "openai", "baseUrl": "http://127.0.0.1:9/v1" } },
              "cache": { "enabled": false, "ttlSeconds": 60 } }
            """;
        using var file = new ConfigFixture(Before);
        using var logs = new CapturedLogs();
        using var reloader = Reloader(file, logs, new FakeTimeProvider(), out var generations);
        await reloader.StartAsync(CancellationToken.None);

        File.WriteAllText(file.FilePath, Before.Replace("false, \"ttlSeconds\": 60", "true, \"ttlSeconds\": 90", StringComparison.Ordinal));
        var outcome = reloader.Reload();

        Assert.Equal(["cache.ttlSeconds"], outcome.Applied);
        Assert.Equal(["cache.enabled"], outcome.RestartNeeded);
        Assert.Equal(TimeSpan.FromSeconds(90), generations.Current.Config.Cache.Ttl);
        Assert.False(generations.Current.Config.Cache.Enabled);

        // The switch stays pending: the next reload of the same file names it again and applies nothing new.
        var again = reloader.Reload();
        Assert.Empty(again.Applied);
        Assert.Equal(["cache.enabled"], again.RestartNeeded);
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

        Assert.Empty(ReloadPlan.ChangedKeys(running, candidate));
    }

    private static ConfigReloader Reloader(ConfigFixture file, CapturedLogs logs, TimeProvider time)
        => Reloader(file, logs, time, out _);

    /// <summary>A reloader over real generations with no per-generation services: what it applies is the configuration itself.</summary>
    private static ConfigReloader Reloader(ConfigFixture file, CapturedLogs logs, TimeProvider time, out ConfigGenerations generations)
    {
        var factory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var started = Frugal.Server.ConfigLoader.Load(file.FilePath);
        generations = new ConfigGenerations(new ServiceCollection().BuildServiceProvider(), started.Config!, [], time);
        return new ConfigReloader(new ConfigReloadSettings(file.FilePath, () => new Dictionary<string, string>()), generations, time, factory.CreateLogger<ConfigReloader>());
    }
}
