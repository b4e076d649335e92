using Frugal.Core.Budgets.Config;
using Frugal.Core.Budgets.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Frugal.Core.Budgets;

/// <summary>
/// Keeps a running gateway in step with frugal.db: re-reads run-time budgets and resets every
/// <c>budgets.refreshSeconds</c> (the CLI writes them from another process), and applies resets made
/// since the last look. Resets older than this process are already in the store's seed. Per-key run-time rate
/// limits (<paramref name="keyRates"/>, set through /admin/keys or <c>frugal keys</c>) are re-read the same way.
/// </summary>
public sealed partial class BudgetRefresher(
    BudgetCatalog catalog,
    IBudgetDefinitionStore definitions,
    IBudgetStore store,
    TimeProvider time,
    ILogger<BudgetRefresher> logger,
    IKeyRateLimitStore? keyRates = null) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<string, DateTimeOffset>? _seenResets;

    /// <summary>Reads frugal.db now (the admin API calls this after a change so it applies at once).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            catalog.ReplaceRuntime(await definitions.ListAsync(cancellationToken).ConfigureAwait(false));
            if (keyRates is not null)
            {
                catalog.ReplaceRuntimeRates(await keyRates.ListAsync(cancellationToken).ConfigureAwait(false));
            }

            var resets = await definitions.ResetsAsync(cancellationToken).ConfigureAwait(false);
            if (_seenResets is not null)
            {
                foreach (var (id, at) in resets)
                {
                    if ((!_seenResets.TryGetValue(id, out var seen) || at > seen) && catalog.All.FirstOrDefault(b => b.Id == id) is { } budget)
                    {
                        await store.ResetAsync(budget, at, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            _seenResets = new Dictionary<string, DateTimeOffset>(resets, StringComparer.Ordinal);
        }
        finally
        {
            _gate.Release();
        }

        await CheckStoreAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Lets a shared store notice that it restarted empty and re-seed this process's share, even when this process
    /// takes no request (at start: before the first one). An unreachable store is the request path's business.
    /// </summary>
    private async Task CheckStoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.CheckAsync(catalog.All, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (BudgetStoreUnavailableException ex)
        {
            LogCheckFailed(logger, ex.Message);
        }
    }

    /// <summary>Loads run-time budgets before the gateway takes its first request.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Delay(catalog.Options.RefreshInterval, time, stoppingToken).ConfigureAwait(false);
        var interval = catalog.Options.RefreshInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRefreshFailed(logger, ex.GetType().Name, ex.Message);
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 1622, Level = LogLevel.Debug, Message = "Budget store check failed: {Reason}")]
    private static partial void LogCheckFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1621, Level = LogLevel.Warning, Message = "Could not re-read run-time budgets: {Type}: {Message}")]
    private static partial void LogRefreshFailed(ILogger logger, string type, string message);
}
