namespace Frugal.Server.Endpoints.AdminKeys;

/// <summary>A per-key budget as a key shows it (its spend is under <c>GET /admin/budgets</c>, by this id).</summary>
public sealed class KeyBudgetResponse
{
    public required string Id { get; init; }

    public required string Window { get; init; }

    public decimal Usd { get; init; }
}
