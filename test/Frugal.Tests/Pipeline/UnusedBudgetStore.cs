using Frugal.Core.Budgets.Config;
using Frugal.Core.Budgets.Storage;

namespace Frugal.Tests.Pipeline;

/// <summary>A budget store for stage tests whose path must never reach a store (a key's output cap only): any call fails the test.</summary>
public sealed class UnusedBudgetStore : IBudgetStore
{
    public ValueTask<ReservationOutcome> ReserveAsync(IReadOnlyList<BudgetDefinition> budgets, string reservationId, decimal amountUsd, decimal minimumUsd, DateTimeOffset now, CancellationToken cancellationToken) => throw Used();

    public ValueTask SettleAsync(IReadOnlyList<BudgetDefinition> budgets, string reservationId, decimal actualUsd, DateTimeOffset now, CancellationToken cancellationToken) => throw Used();

    public ValueTask<IReadOnlyList<BudgetUsage>> UsageAsync(IReadOnlyList<BudgetDefinition> budgets, DateTimeOffset now, CancellationToken cancellationToken) => throw Used();

    public ValueTask<RateOutcome> ConsumeRateAsync(IReadOnlyList<RateLimitRule> rules, long tokens, DateTimeOffset now, CancellationToken cancellationToken) => throw Used();

    public ValueTask AddTokensAsync(IReadOnlyList<RateLimitRule> rules, long tokens, DateTimeOffset now, CancellationToken cancellationToken) => throw Used();

    public ValueTask<bool> TryMarkAlertAsync(BudgetDefinition budget, DateTimeOffset period, decimal threshold, CancellationToken cancellationToken) => throw Used();

    public ValueTask ResetAsync(BudgetDefinition budget, DateTimeOffset at, CancellationToken cancellationToken) => throw Used();

    private static InvalidOperationException Used() => new("this stage test's path must not reach the budget store");
}
