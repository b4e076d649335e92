using System.Globalization;
using Frugal.Core.Budgets.Storage;
using Frugal.Core.Pipeline;

namespace Frugal.Core.Budgets;

/// <summary>The OpenAI-shaped errors of budgets and rate limits (429 with retry-after, 503, 400).</summary>
public static class BudgetErrors
{
    public static GatewayError Exceeded(BudgetUsage usage, DateTimeOffset now, string why)
    {
        var budget = usage.Budget;
        return new GatewayError(GatewayErrorKind.RateLimited, 429,
            string.Create(CultureInfo.InvariantCulture,
                $"Budget '{budget.Id}' ({budget.Window} limit ${budget.LimitUsd:0.######}) {why}: ${usage.SpentUsd:0.######} spent, ${usage.ReservedUsd:0.######} reserved by calls in flight. It resets at {usage.ResetsAt:yyyy-MM-dd HH:mm:ss} UTC."),
            "insufficient_quota", "budget_exceeded")
        {
            RetryAfterSeconds = SecondsUntil(usage.ResetsAt, now),
        };
    }

    public static GatewayError RateLimited(RateOutcome outcome, DateTimeOffset now)
        => new(GatewayErrorKind.RateLimited, 429,
            string.Create(CultureInfo.InvariantCulture,
                $"Rate limit of {outcome.RuleId} reached: {outcome.Limit} {outcome.Counter} per minute (fixed UTC minutes). Try again in {RateWindow.SecondsToNextMinute(now)} s."),
            "requests", "rate_limit_exceeded")
        {
            RetryAfterSeconds = RateWindow.SecondsToNextMinute(now),
        };

    public static GatewayError StoreUnavailable()
        => new(GatewayErrorKind.UpstreamFailed, 503,
            "The budget store (Redis) is unreachable, and budgets.onStoreUnavailable is \"closed\": requests are refused until it is back, so no budget can be overspent.",
            "server_error", "budget_store_unavailable")
        {
            RetryAfterSeconds = 5,
        };

    public static GatewayError Unpriced(string model)
        => GatewayError.InvalidRequest(
            $"Model '{model}' has no price, so a budget cannot reserve its cost. Add its price under \"prices\" in the config, or set budgets.unpricedModels to \"allow\" to admit unpriced models without a reservation.",
            param: "model", code: "budget_price_missing");

    private static int SecondsUntil(DateTimeOffset at, DateTimeOffset now)
        => (int)Math.Clamp(Math.Ceiling((at - now).TotalSeconds), 1, int.MaxValue);
}
