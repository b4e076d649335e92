namespace Frugal.Core.Accounting;

/// <summary>
/// Amounts a request saved against what it would have cost without Frugal, by reason. Each stage adds the saving it
/// made under its own reason (caches on a hit, routing after a cheaper model answered, <see cref="CostEngine"/> for
/// the provider's prompt cache; a new stage adds its own); the ledger entry and the request instruments read them.
/// </summary>
public sealed class SavingsFeature
{
    private Dictionary<SavingReason, decimal>? _savings;

    public void Add(SavingReason reason, decimal usd)
    {
        if (usd > 0)
        {
            _savings ??= [];
            _savings[reason] = _savings.GetValueOrDefault(reason) + usd;
        }
    }

    public decimal Get(SavingReason reason) => _savings?.GetValueOrDefault(reason) ?? 0m;

    /// <summary>A copy for the ledger entry (the entry outlives the request); one shared empty map when nothing was saved.</summary>
    public IReadOnlyDictionary<SavingReason, decimal> Snapshot() => _savings is null ? None : new Dictionary<SavingReason, decimal>(_savings);

    /// <summary>No savings (read-only, shared by every entry without one).</summary>
    public static IReadOnlyDictionary<SavingReason, decimal> None { get; } = new System.Collections.ObjectModel.ReadOnlyDictionary<SavingReason, decimal>(new Dictionary<SavingReason, decimal>());
}
