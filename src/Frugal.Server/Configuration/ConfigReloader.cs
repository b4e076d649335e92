using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Frugal.Core.Configuration.Live;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Frugal.Server.Configuration;

/// <summary>
/// Re-reads the configuration on SIGHUP and when the config file changes (debounced), validates it with the same
/// loader as start-up (file, <c>FRUGAL__…</c> overrides, secrets) and applies what can change in a running gateway
/// (<see cref="ReloadPlan"/>: models, providers, routes, prices, cache rules, budget limits and rate limits) as a new
/// <see cref="ConfigGeneration"/>: requests in flight finish on the configuration they started with, the next request
/// gets the new one. Settings that need a restart are logged by name and kept as they were; a broken file logs every
/// problem and changes nothing. Handling SIGHUP here also means the signal no longer ends the process (its default action).
/// </summary>
public sealed partial class ConfigReloader(ConfigReloadSettings settings, ConfigGenerations generations, TimeProvider time, ILogger<ConfigReloader> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(500);

    private readonly Lock _gate = new(); // one reload at a time; guards _running
    private readonly Lock _timerGate = new();
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

    /// <summary>Loads, checks and applies the configuration now (what SIGHUP and a file change do). One reload at a time.</summary>
    public ConfigReloadOutcome Reload()
    {
        var environment = settings.Environment();
        var effective = ConfigLoader.Schema.LoadEffective(settings.File, environment);
        var source = effective.Result.Source;
        if (!effective.Result.IsValid)
        {
            LogRejected(logger, source, effective.Result.Problems.Count);
            foreach (var problem in effective.Result.Problems)
            {
                LogProblem(logger, problem.ToString());
            }

            return new ConfigReloadOutcome(effective.Result.Problems, [], []);
        }

        lock (_gate)
        {
            var plan = ReloadPlan.Of(_running, effective.Document);
            if (plan.RestartNeeded.Count > 0)
            {
                var waiting = string.Join(", ", plan.RestartNeeded);
                LogRestartNeeded(logger, source, waiting);
            }

            if (plan.Live.Count == 0)
            {
                if (plan.RestartNeeded.Count == 0)
                {
                    LogUnchanged(logger, source);
                }

                return new ConfigReloadOutcome([], [], plan.RestartNeeded);
            }

            // The live settings on top of the running ones: checked again as a whole (a new route may name a new model).
            var applied = ConfigLoader.Schema.Read(plan.Applied, settings.File, environment);
            if (!applied.IsValid)
            {
                var problems = string.Join("; ", applied.Problems);
                LogNotApplicable(logger, source, problems);
                return new ConfigReloadOutcome(applied.Problems, [], plan.RestartNeeded);
            }

            ConfigGeneration generation;
            try
            {
                generation = generations.Apply(applied.Config!);
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or ArgumentException)
            {
                LogApplyFailed(logger, source, ex.Message);
                return new ConfigReloadOutcome([new Frugal.Core.Configuration.ConfigProblem("$", ex.Message)], [], plan.RestartNeeded);
            }

            _running = plan.Applied;
            var appliedSettings = string.Join(", ", plan.Live);
            LogApplied(logger, source, appliedSettings, generation.Number);
            return new ConfigReloadOutcome([], plan.Live, plan.RestartNeeded) { Generation = generation.Number };
        }
    }

    public void Dispose()
    {
        _hangup?.Dispose();
        _hangup = null;
        _watcher?.Dispose();
        _watcher = null;
        lock (_timerGate)
        {
            _pending?.Dispose();
            _pending = null;
        }
    }

    /// <summary>Editors write a file in several steps; check once, after the writes have settled.</summary>
    private void Schedule()
    {
        lock (_timerGate)
        {
            _pending?.Dispose();
            _pending = time.CreateTimer(_ => Reload(), null, Debounce, Timeout.InfiniteTimeSpan);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "config reload: {Source} has {Count} problem(s); still running on the configuration in force")]
    private static partial void LogRejected(ILogger logger, string source, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "config reload:   {Problem}")]
    private static partial void LogProblem(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "config reload: {Source} is valid and matches the running configuration")]
    private static partial void LogUnchanged(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "config reload: {Source} applied {Settings} (generation {Generation}); requests in flight finish on the previous one")]
    private static partial void LogApplied(ILogger logger, string source, string settings, int generation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "config reload: {Source} is valid; restart needed for {Settings} (kept as they were)")]
    private static partial void LogRestartNeeded(ILogger logger, string source, string settings);

    [LoggerMessage(Level = LogLevel.Error, Message = "config reload: {Source}: the live settings do not hold without the ones that need a restart, so nothing was applied: {Problems}")]
    private static partial void LogNotApplicable(ILogger logger, string source, string problems);

    [LoggerMessage(Level = LogLevel.Error, Message = "config reload: {Source} could not be applied, nothing changed: {Reason}")]
    private static partial void LogApplyFailed(ILogger logger, string source, string reason);
}
