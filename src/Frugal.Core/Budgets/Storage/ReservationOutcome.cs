namespace Frugal.Core.Budgets.Storage;

/// <summary>What a reservation got: a grant (maybe less than asked), or the budget that refused it.</summary>
public sealed record ReservationOutcome(decimal GrantedUsd, string? DeniedBy)
{
    public bool Granted => DeniedBy is null;

    public static ReservationOutcome Grant(decimal usd) => new(usd, null);

    public static ReservationOutcome Deny(string budgetId) => new(0m, budgetId);
}
