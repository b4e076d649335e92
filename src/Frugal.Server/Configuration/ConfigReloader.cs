using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Frugal.Core.Configuration.Sources;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Frugal.Server.Configuration;

/// <summary>
/// Re-reads the configuration on SIGHUP and when the config file changes (debounced), validates it with the same
/// loader as start-up (file, <c>FRUGAL__…</c> overrides, secrets) and logs every problem, or which sections differ from
/// the running configuration. It does not apply them: every config-dependent service (route catalog, price book,
/// cache policy, budgets, providers) is built once per process, so a change needs a restart, and the log says so.
/// Handling SIGHUP here also means the signal no longer ends the process (its default action).
/// </summary>
public sealed partial class ConfigReloader(ConfigReloadSettings settings, TimeProvider time, ILogger<ConfigReloader> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(500);

    private readonly Lock _gate = new();
    private JsonObject _running = [];
    private PosixSignalRegistration? _hangup;
    private FileSystemWatcher? _watcher;
    private ITimer? _pending;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _running = ConfigLoader.Schema.LoadEffective(settings.File, settings.Environment()).Document;
        _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true; // the default action of SIGHUP is to terminate
            _ = Task.Run(Reload, CancellationToken.None);
        });
        if (settings.File is { } file && Path.GetDirectoryName(Path.GetFullPath(file)) is { } directory && Directory.Exists(directory))
        {
            _watcher = new FileSystemWatcher(directory, Path.GetFileName(file)) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
            _watcher.Changed += (_, _) => Schedule();
            _watcher.Created += (_, _) => Schedule();
            _watcher.Renamed += (_, _) => Schedule();
            _watcher.EnableRaisingEvents = true;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Loads and checks the configuration now (what SIGHUP and a file change do); the running configuration is kept either way.</summary>
    public ConfigReloadOutcome Reload()
    {
        var effective = ConfigLoader.Schema.LoadEffective(settings.File, settings.Environment());
        var source = effective.Result.Source;
        if (!effective.Result.IsValid)
        {
            LogRejected(logger, source, effective.Result.Problems.Count);
            foreach (var problem in effective.Result.Problems)
            {
                LogProblem(logger, problem.ToString());
            }

            return new ConfigReloadOutcome(effective.Result.Problems, []);
        }

        List<string> changed;
        lock (_gate)
        {
            changed = ChangedSections(_running, effective.Document);
        }

        if (changed.Count == 0)
        {
            LogUnchanged(logger, source);
        }
        else
        {
            LogRestartNeeded(logger, source, string.Join(", ", changed));
        }

        return new ConfigReloadOutcome([], changed);
    }

    /// <summary>Root keys whose settings differ (the merged documents are compared, so reordering keys is no change).</summary>
    public static List<string> ChangedSections(JsonObject running, JsonObject candidate)
    {
        var changed = new List<string>();
        foreach (var (key, value) in candidate)
        {
            if (!JsonNode.DeepEquals(value, running[key]))
            {
                changed.Add(key);
            }
        }

        foreach (var (key, _) in running)
        {
            if (!candidate.ContainsKey(key))
            {
                changed.Add(key);
            }
        }

        changed.Sort(StringComparer.Ordinal);
        return changed;
    }

    public void Dispose()
    {
        _hangup?.Dispose();
        _hangup = null;
        _watcher?.Dispose();
        _watcher = null;
        lock (_gate)
        {
            _pending?.Dispose();
            _pending = null;
        }
    }

    /// <summary>Editors write a file in several steps; check once, after the writes have settled.</summary>
    private void Schedule()
    {
        lock (_gate)
        {
            _pending?.Dispose();
            _pending = time.CreateTimer(_ => Reload(), null, Debounce, Timeout.InfiniteTimeSpan);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "config reload: {Source} has {Count} problem(s); still running on the configuration loaded at start")]
    private static partial void LogRejected(ILogger logger, string source, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "config reload:   {Problem}")]
    private static partial void LogProblem(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "config reload: {Source} is valid and matches the running configuration")]
    private static partial void LogUnchanged(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "config reload: {Source} is valid; restart needed for {Sections} (this build applies configuration at start only)")]
    private static partial void LogRestartNeeded(ILogger logger, string source, string sections);
}
