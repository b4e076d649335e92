using Frugal.Core.Budgets.Config;

namespace Frugal.Core.Admission;

/// <summary>
/// A key as administration shows it: the record, its status at the time asked, its per-key runtime budgets and its
/// per-key run-time rate limit (null = none; rules of budgets.rateLimits in frugal.json are not shown here).
/// </summary>
public sealed record KeyDetails(VirtualKeyRecord Key, string Status, IReadOnlyList<BudgetDefinition> Budgets, KeyRateLimit? RateLimit = null);
