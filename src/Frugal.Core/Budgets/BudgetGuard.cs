using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using Frugal.Core.Budgets.Alerts;
using Frugal.Core.Budgets.Config;
using Frugal.Core.Budgets.Storage;
using Frugal.Core.Diagnostics;
using Frugal.Core.Pipeline;
using Frugal.Core.Routing;
using Microsoft.Extensions.Logging;

namespace Frugal.Core.Budgets;

/// <summary>
/// The budget decisions both stages share: admission (rate limits, threshold blocks, downgrade),
/// reservation of an attempt's worst case, settlement to the real cost, and alerts. Thresholds compare
/// settled spend; the 100 % limit is enforced by reservations, which also count calls in flight.
/// </summary>
public sealed partial class BudgetGuard
{
    private readonly BudgetCatalog _catalog;
    private readonly IBudgetStore _store;
    private readonly BudgetAlertQueue _alerts;
    private readonly TimeProvider _time;
    private readonly ILogger<BudgetGuard> _logger;
    private readonly Counter<long> _alertCounter;

    // One throttle per kind of outage line: one line per 30 s each.
    private readonly StoreOutageLog _refusedLog;
    private readonly StoreOutageLog _unenforcedLog;
    private readonly StoreOutageLog _afterCallLog;
    private readonly ConcurrentDictionary<string, double> _utilisation = new(StringComparer.Ordinal);
    // Threshold claims this process has seen, keyed "budget|period|threshold", valued by the period's start (unix s).
    // Bound: claims of periods that began more than a year ago (past every window: daily, monthly, rolling ≤ 366 d) are
    // dropped once the map holds more than FiredMemoLimit entries.
    private readonly ConcurrentDictionary<string, long> _fired = new(StringComparer.Ordinal);

    public BudgetGuard(BudgetCatalog catalog, IBudgetStore store, BudgetAlertQueue alerts, FrugalMetrics metrics, TimeProvider time, ILogger<BudgetGuard> logger)
    {
        _catalog = catalog;
        _store = store;
        _alerts = alerts;
        _time = time;
        _logger = logger;
        _refusedLog = new StoreOutageLog(time);
        _unenforcedLog = new StoreOutageLog(time);
        _afterCallLog = new StoreOutageLog(time);
        _alertCounter = metrics.Meter.CreateCounter<long>("frugal.budget.alerts", description: "Budget thresholds reached (each at most once per budget window)");
        metrics.Meter.CreateObservableGauge("frugal.budget.utilisation", ObserveUtilisation, description: "Settled spend as a share of each budget's limit (1 = exhausted)");
    }

    /// <summary>Most tokens one call adds to a tokens-per-minute counter (2^40: far above any real call, far below overflow).</summary>
    public const long MaxCountedTokens = 1L << 40;

    public BudgetsConfig Options => _catalog.Options;

    /// <summary>The request's ticket (a feature set at admission), if budgets or rate limits apply to it.</summary>
    public static bool TryGetTicket(GatewayRequest request, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BudgetTicket? ticket)
    {
        ticket = request.Features.Get<BudgetTicket>();
        return ticket is not null;
    }

    /// <summary>Rate limits, then each budget's threshold actions. Null = admitted (maybe with a downgrade asked for).</summary>
    public async ValueTask<GatewayError?> AdmitAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        var tenant = request.Tenant;
        var budgets = _catalog.For(tenant);
        var rates = _catalog.RatesFor(tenant);
        var cap = _catalog.OutputCapFor(tenant);
        if (budgets.Count == 0 && rates.Count == 0 && cap is null)
        {
            return null;
        }

        var ticket = new BudgetTicket(budgets, rates, InputTokens(request), cap);
        request.Features.Set(ticket);
        var now = _time.GetUtcNow();
        try
        {
            if (rates.Count > 0 && await _store.ConsumeRateAsync(rates, ticket.InputTokens, now, cancellationToken).ConfigureAwait(false) is { IsAdmitted: false } limited)
            {
                return BudgetErrors.RateLimited(limited, now);
            }

            if (budgets.Count == 0)
            {
                return null;
            }

            var usages = await _store.UsageAsync(budgets, now, cancellationToken).ConfigureAwait(false);
            Remember(usages);
            foreach (var usage in usages)
            {
                var share = usage.Spent;
                if (share >= 1m)
                {
                    return BudgetErrors.Exceeded(usage, now, "is exhausted");
                }

                if (usage.Budget.Thresholds.LastOrDefault(t => t.Action == BudgetAction.Block && share >= t.At) is { } block)
                {
                    return BudgetErrors.Exceeded(usage, now, string.Create(CultureInfo.InvariantCulture, $"is past its block threshold of {block.At * 100:0.#}%"));
                }

                if (request.Features.Get<DowngradeRequest>() is null && usage.Budget.Thresholds.Any(t => t.Action == BudgetAction.Downgrade && share >= t.At))
                {
                    request.Features.Set(new DowngradeRequest(string.Create(CultureInfo.InvariantCulture, $"budget {usage.Budget.Id} at {Math.Floor(share * 100)}%")));
                }
            }

            return null;
        }
        catch (BudgetStoreUnavailableException ex)
        {
            return Unavailable(ticket, ex);
        }
    }

    /// <summary>
    /// The ticket of a call the gateway makes itself (shadow labelling with <c>budgets.evaluationSpend: "counted"</c>):
    /// the budgets of the request's key, team and tags, so the reservation stage reserves and settles the call like a
    /// client attempt. No rate limits (they meter clients), no threshold blocks or downgrade (a budget that cannot pay
    /// refuses the reservation, so nothing overspends) and no key output cap (it caps what a client receives).
    /// Sets no ticket when no budget applies. Makes no store call.
    /// </summary>
    public void AdmitEvaluation(GatewayRequest request)
    {
        var budgets = _catalog.For(request.Tenant);
        if (budgets.Count == 0)
        {
            return;
        }

        request.Features.Set(new BudgetTicket(budgets, [], InputTokens(request), null));
    }

    /// <summary>The request's prompt in o200k tokens: what every reservation of the request prices its input at.</summary>
    private static long InputTokens(GatewayRequest request)
        => request.Chat is { } chat ? PromptTokenCounter.Chat(chat) : request.Embedding is { } embedding ? PromptTokenCounter.Embedding(embedding) : 0;

    /// <summary>After the call: its output tokens count towards tokens-per-minute.</summary>
    public async ValueTask CountOutputAsync(BudgetTicket ticket, long outputTokens)
    {
        if (ticket.Rates.Count == 0 || outputTokens <= 0 || ticket.Unenforced)
        {
            return;
        }

        try
        {
            // The upstream reports this number: clamp it so a counter can never overflow (Redis HINCRBY would refuse).
            await _store.AddTokensAsync(ticket.Rates, Math.Min(outputTokens, MaxCountedTokens), _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (BudgetStoreUnavailableException ex)
        {
            if (_afterCallLog.ShouldLog(out var suppressed))
            {
                LogStoreUnavailable(_logger, "counting output tokens", ex.Message, suppressed);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // After the call: the answer is already billed and must reach the client, whatever the counter did.
            LogStoreFailed(_logger, "counting output tokens", ex.GetType().Name, ex.Message);
        }
    }

    /// <summary>
    /// Reserves an attempt's worst case in every budget of the ticket. The grant may be smaller than the
    /// worst case (then the call gets fewer output tokens); below the minimum it is a 429.
    /// </summary>
    public async ValueTask<(GatewayError? Error, decimal Granted)> ReserveAsync(BudgetTicket ticket, string reservationId, decimal worstCase, decimal minimum, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        try
        {
            var outcome = await _store.ReserveAsync(ticket.Budgets, reservationId, worstCase, minimum, now, cancellationToken).ConfigureAwait(false);
            if (outcome.Granted)
            {
                return (null, outcome.GrantedUsd);
            }

            var denied = ticket.Budgets.First(b => b.Id == outcome.DeniedBy);
            var usage = (await _store.UsageAsync([denied], now, cancellationToken).ConfigureAwait(false))[0];
            return (BudgetErrors.Exceeded(usage, now, string.Create(CultureInfo.InvariantCulture, $"has too little left for this call (it needs at least ${minimum:0.########})")), 0m);
        }
        catch (BudgetStoreUnavailableException ex)
        {
            return (Unavailable(ticket, ex), 0m);
        }
    }

    /// <summary>Books the real cost (0 releases) and fires thresholds the spend has reached. Never throws.</summary>
    public async ValueTask SettleAsync(BudgetTicket ticket, string reservationId, decimal actualUsd)
    {
        try
        {
            var now = _time.GetUtcNow();
            await _store.SettleAsync(ticket.Budgets, reservationId, actualUsd, now, CancellationToken.None).ConfigureAwait(false);
            if (actualUsd > 0)
            {
                var usages = await _store.UsageAsync(ticket.Budgets, now, CancellationToken.None).ConfigureAwait(false);
                Remember(usages);
                await FireThresholdsAsync(usages, now).ConfigureAwait(false);
            }
        }
        catch (BudgetStoreUnavailableException ex)
        {
            // The reservation expires in the store by itself (Redis keeps it at most an hour).
            if (_afterCallLog.ShouldLog(out var suppressed))
            {
                LogStoreUnavailable(_logger, "settling a call", ex.Message, suppressed);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Settling runs in finally blocks and disposals: throwing here would turn a billed answer into a 500.
            LogStoreFailed(_logger, "settling a call", ex.GetType().Name, ex.Message);
        }
    }

    private async ValueTask FireThresholdsAsync(IReadOnlyList<BudgetUsage> usages, DateTimeOffset now)
    {
        foreach (var usage in usages)
        {
            var budget = usage.Budget;
            var period = budget.Window.AlertPeriod(now);
            foreach (var threshold in Thresholds(budget))
            {
                if (usage.Spent < threshold.At)
                {
                    break;
                }

                var memo = string.Create(CultureInfo.InvariantCulture, $"{budget.Id}|{period.ToUnixTimeSeconds()}|{threshold.At}");
                if (_fired.ContainsKey(memo))
                {
                    continue; // this process saw it fire (or lose the race) already: no store round trip
                }

                var first = await _store.TryMarkAlertAsync(budget, period, threshold.At, CancellationToken.None).ConfigureAwait(false);
                _fired[memo] = period.ToUnixTimeSeconds();
                PruneFired(now);
                if (!first)
                {
                    continue;
                }

                var action = BudgetThreshold.ActionName(threshold.Action);
                _alertCounter.Add(1, new KeyValuePair<string, object?>("budget", budget.Id), new KeyValuePair<string, object?>("action", action));
                if (!_alerts.TryEnqueue(new BudgetAlert(budget.Id, BudgetDefinition.ScopeName(budget.Scope), budget.Subject, budget.Window.ToString(), threshold.At, action, budget.LimitUsd, usage.SpentUsd, period, now)))
                {
                    LogAlertDropped(_logger, budget.Id);
                }
            }
        }
    }

    /// <summary>The configured thresholds plus the implicit block at 100 %, ascending.</summary>
    public static IEnumerable<BudgetThreshold> Thresholds(BudgetDefinition budget)
        => budget.Thresholds.Any(t => t.At == 1m) ? budget.Thresholds : [.. budget.Thresholds, new BudgetThreshold(1m, BudgetAction.Block)];

    private GatewayError? Unavailable(BudgetTicket ticket, BudgetStoreUnavailableException ex)
    {
        if (_catalog.Options.FailOpen)
        {
            ticket.Unenforced = true;
            if (_unenforcedLog.ShouldLog(out var skipped))
            {
                LogAdmittedUnenforced(_logger, ex.Message, skipped);
            }

            return null;
        }

        if (_refusedLog.ShouldLog(out var suppressed))
        {
            LogRefused(_logger, ex.Message, suppressed);
        }

        return BudgetErrors.StoreUnavailable();
    }

    private const int FiredMemoLimit = 1024;

    private void PruneFired(DateTimeOffset now)
    {
        if (_fired.Count <= FiredMemoLimit)
        {
            return;
        }

        var before = now.AddDays(-367).ToUnixTimeSeconds();
        foreach (var (memo, period) in _fired)
        {
            if (period < before)
            {
                _fired.TryRemove(memo, out _);
            }
        }
    }

    private void Remember(IReadOnlyList<BudgetUsage> usages)
    {
        foreach (var usage in usages)
        {
            _utilisation[usage.Budget.Id] = (double)usage.Spent;
        }
    }

    private IEnumerable<Measurement<double>> ObserveUtilisation()
    {
        foreach (var (id, share) in _utilisation)
        {
            yield return new Measurement<double>(share, new KeyValuePair<string, object?>("budget", id));
        }
    }

    [LoggerMessage(EventId = 1611, Level = LogLevel.Error, Message = "Budget store unreachable; refusing the request (budgets.onStoreUnavailable = closed): {Reason} ({Suppressed} more refused since the last such line)")]
    private static partial void LogRefused(ILogger logger, string reason, long suppressed);

    [LoggerMessage(EventId = 1612, Level = LogLevel.Warning, Message = "Budget store unreachable; admitting the request WITHOUT budget or rate-limit enforcement (budgets.onStoreUnavailable = open): {Reason} ({Suppressed} more admitted since the last such line)")]
    private static partial void LogAdmittedUnenforced(ILogger logger, string reason, long suppressed);

    [LoggerMessage(EventId = 1613, Level = LogLevel.Warning, Message = "Budget store unreachable while {Operation}: {Reason} ({Suppressed} similar since the last such line)")]
    private static partial void LogStoreUnavailable(ILogger logger, string operation, string reason, long suppressed);

    [LoggerMessage(EventId = 1615, Level = LogLevel.Error, Message = "Budget store failed while {Operation}: {Type}: {Reason}")]
    private static partial void LogStoreFailed(ILogger logger, string operation, string type, string reason);

    [LoggerMessage(EventId = 1614, Level = LogLevel.Warning, Message = "Budget alert queue full; alert of {Budget} dropped (is the webhook down?)")]
    private static partial void LogAlertDropped(ILogger logger, string budget);
}
