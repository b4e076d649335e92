using System.Collections.Concurrent;
using Frugal.Core.Budgets.Config;
using Frugal.Core.Budgets.Storage;

namespace Frugal.Storage.Sqlite.Budgets;

/// <summary>
/// The single-process budget store: counters in memory behind one lock (so a reservation across all
/// of a call's budgets is atomic and 200 concurrent calls cannot overspend), each budget seeded on
/// first use from ledger.db — the ledger is the durable record of spend, so nothing else is persisted
/// per call. Resets and fired-alert claims are kept in frugal.db. Correct for one gateway process per
/// data directory; several processes need <c>"storage": "redis"</c>. The seed counts evaluation rows only when
/// <paramref name="countEvaluationSpend"/> (<c>budgets.evaluationSpend</c>) says the live store counts them too.
/// </summary>
public sealed class SqliteBudgetStore(
    SqliteDatabase ledger,
    IBudgetDefinitionStore definitions,
    SqliteBudgetAlertLog alertLog,
    Func<CancellationToken, Task>? flushLedger = null,
    bool countEvaluationSpend = false) : IBudgetStore
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<BudgetCounter>>> _counters = new(StringComparer.Ordinal);
    private readonly MemoryRateCounters _rates = new();

    public async ValueTask<ReservationOutcome> ReserveAsync(IReadOnlyList<BudgetDefinition> budgets, string reservationId, decimal amountUsd, decimal minimumUsd, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var counters = await CountersAsync(budgets, now, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            var grant = amountUsd;
            string? tightest = null;
            var tightestRemaining = decimal.MaxValue;
            for (var i = 0; i < budgets.Count; i++)
            {
                var remaining = budgets[i].LimitUsd - counters[i].Spent(now) - counters[i].Reserved;
                grant = Math.Min(grant, remaining);
                if (remaining < tightestRemaining)
                {
                    tightestRemaining = remaining;
                    tightest = budgets[i].Id;
                }
            }

            if (grant < minimumUsd || grant < 0)
            {
                return ReservationOutcome.Deny(tightest!);
            }

            foreach (var counter in counters)
            {
                counter.Reserve(reservationId, grant);
            }

            return ReservationOutcome.Grant(grant);
        }
    }

    public async ValueTask SettleAsync(IReadOnlyList<BudgetDefinition> budgets, string reservationId, decimal actualUsd, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var counters = await CountersAsync(budgets, now, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            foreach (var counter in counters)
            {
                counter.Settle(reservationId, actualUsd, now);
            }
        }
    }

    public async ValueTask<IReadOnlyList<BudgetUsage>> UsageAsync(IReadOnlyList<BudgetDefinition> budgets, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var counters = await CountersAsync(budgets, now, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            var usages = new BudgetUsage[budgets.Count];
            for (var i = 0; i < budgets.Count; i++)
            {
                usages[i] = counters[i].Usage(budgets[i], now);
            }

            return usages;
        }
    }

    public ValueTask<RateOutcome> ConsumeRateAsync(IReadOnlyList<RateLimitRule> rules, long tokens, DateTimeOffset now, CancellationToken cancellationToken)
        => ValueTask.FromResult(_rates.TryConsume(rules, tokens, now));

    public ValueTask AddTokensAsync(IReadOnlyList<RateLimitRule> rules, long tokens, DateTimeOffset now, CancellationToken cancellationToken)
    {
        _rates.AddTokens(rules, tokens, now);
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> TryMarkAlertAsync(BudgetDefinition budget, DateTimeOffset period, decimal threshold, CancellationToken cancellationToken)
        => ValueTask.FromResult(alertLog.TryMark(budget.Id, period, threshold));

    public async ValueTask ResetAsync(BudgetDefinition budget, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var counters = await CountersAsync([budget], at, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            counters[0].Reset();
        }
    }

    private async ValueTask<BudgetCounter[]> CountersAsync(IReadOnlyList<BudgetDefinition> budgets, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var counters = new BudgetCounter[budgets.Count];
        for (var i = 0; i < budgets.Count; i++)
        {
            var budget = budgets[i];
            // Keyed by what decides which spend counts: a new limit keeps the counter, a new scope or window re-seeds.
            var key = $"{budget.Id}\n{budget.Scope}\n{budget.Subject}\n{budget.Window}";
            var lazy = _counters.GetOrAdd(key, _ => new Lazy<Task<BudgetCounter>>(() => SeedAsync(budget, now)));
            try
            {
                counters[i] = await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (lazy.Value.IsFaulted)
            {
                _counters.TryRemove(new KeyValuePair<string, Lazy<Task<BudgetCounter>>>(key, lazy)); // a failed seed is retried by the next call
                throw;
            }
        }

        return counters;
    }

    /// <summary>Spend so far in the window (after the budget's last reset), from the ledger, once queued entries are committed.</summary>
    private async Task<BudgetCounter> SeedAsync(BudgetDefinition budget, DateTimeOffset now)
    {
        if (flushLedger is not null)
        {
            await flushLedger(CancellationToken.None).ConfigureAwait(false);
        }

        var since = budget.Window.Start(now);
        if ((await definitions.ResetsAsync(CancellationToken.None).ConfigureAwait(false)).TryGetValue(budget.Id, out var reset) && reset > since)
        {
            since = reset;
        }

        var counter = new BudgetCounter(budget.Window);
        foreach (var (hour, usd) in await LedgerSpendQuery.HourlyAsync(ledger, budget, since, countEvaluationSpend, CancellationToken.None).ConfigureAwait(false))
        {
            counter.AddSpend(hour, usd);
        }

        return counter;
    }
}
