using Frugal.Core.Budgets.Config;

namespace Frugal.Core.Budgets;

/// <summary>
/// What admission learnt about a request, for the reservation stage of each attempt: the budgets and
/// rules that apply, the counted prompt tokens, the output cap, and whether enforcement is off
/// (the store was unreachable with <c>onStoreUnavailable: open</c>).
/// </summary>
public sealed class BudgetTicket(IReadOnlyList<BudgetDefinition> budgets, IReadOnlyList<RateLimitRule> rates, long inputTokens, int? keyOutputCap)
{
    private int _attempts;

    public IReadOnlyList<BudgetDefinition> Budgets { get; } = budgets;

    public IReadOnlyList<RateLimitRule> Rates { get; } = rates;

    public long InputTokens { get; } = inputTokens;

    public int? KeyOutputCap { get; } = keyOutputCap;

    public bool Unenforced { get; set; }

    /// <summary>A reservation id unique to this attempt of this request.</summary>
    public string NextReservationId(string requestId) => $"{requestId}:{Interlocked.Increment(ref _attempts)}";
}
