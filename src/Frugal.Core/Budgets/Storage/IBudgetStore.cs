using Frugal.Core.Budgets.Config;

namespace Frugal.Core.Budgets.Storage;

/// <summary>
/// Where spend, reservations and rate counters live: in-process (seeded from the ledger) or in Redis
/// (shared by several gateway processes). Every check-and-add is atomic across all the budgets or
/// rules of one call. An unreachable store throws <see cref="BudgetStoreUnavailableException"/>.
/// </summary>
public interface IBudgetStore
{
    /// <summary>
    /// Reserves up to <paramref name="amountUsd"/> in every budget at once: the grant is the amount, or less
    /// when a budget has less left, and nothing (denied) when that is below <paramref name="minimumUsd"/>.
    /// </summary>
    ValueTask<ReservationOutcome> ReserveAsync(IReadOnlyList<BudgetDefinition> budgets, string reservationId, decimal amountUsd, decimal minimumUsd, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Replaces the reservation by the real cost (0 releases it: the call failed or cost nothing).</summary>
    ValueTask SettleAsync(IReadOnlyList<BudgetDefinition> budgets, string reservationId, decimal actualUsd, DateTimeOffset now, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<BudgetUsage>> UsageAsync(IReadOnlyList<BudgetDefinition> budgets, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Counts one request and <paramref name="tokens"/> against every rule of the current UTC minute, unless one would be exceeded.</summary>
    ValueTask<RateOutcome> ConsumeRateAsync(IReadOnlyList<RateLimitRule> rules, long tokens, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Adds tokens learnt after the call (its output) to the current minute, without checking.</summary>
    ValueTask AddTokensAsync(IReadOnlyList<RateLimitRule> rules, long tokens, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>True for the first caller (in any process) to mark this threshold in this alert period.</summary>
    ValueTask<bool> TryMarkAlertAsync(BudgetDefinition budget, DateTimeOffset period, decimal threshold, CancellationToken cancellationToken);

    /// <summary>Forgets the budget's spend so far (its window starts over at <paramref name="at"/>).</summary>
    ValueTask ResetAsync(BudgetDefinition budget, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Makes sure the store still holds the spend it should (the refresher calls it every few seconds): a shared store that
    /// restarted empty is detected and re-seeded here. In-process stores have nothing to check.
    /// </summary>
    ValueTask CheckAsync(IReadOnlyList<BudgetDefinition> budgets, DateTimeOffset now, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
