namespace Frugal.Core.Budgets.Storage;

/// <summary>Admitted, or the rule and the counter (requests or tokens) that would have been exceeded.</summary>
public sealed record RateOutcome(string? RuleId, string? Counter, long Limit)
{
    public static RateOutcome Admitted { get; } = new(null, null, 0);

    public bool IsAdmitted => RuleId is null;
}
