using Frugal.Core.Budgets.Config;

namespace Frugal.Core.Budgets.Storage;

/// <summary>
/// One budget's spend in hourly buckets plus its open reservations, in memory. Not thread-safe:
/// the owner serialises access (one lock for all budgets of a call, so reserving is atomic).
/// </summary>
public sealed class BudgetCounter(BudgetWindow window)
{
    private readonly SortedDictionary<DateTimeOffset, decimal> _spentByHour = [];
    private readonly Dictionary<string, decimal> _reservations = new(StringComparer.Ordinal);
    private decimal _reserved;

    public BudgetWindow Window => window;

    public decimal Reserved => _reserved;

    public void AddSpend(DateTimeOffset at, decimal usd)
    {
        if (usd == 0)
        {
            return;
        }

        var hour = BudgetWindow.HourOf(at);
        _spentByHour[hour] = _spentByHour.GetValueOrDefault(hour) + usd;
    }

    /// <summary>Spend in the window at <paramref name="now"/>; buckets that have left the window are dropped.</summary>
    public decimal Spent(DateTimeOffset now)
    {
        var start = window.Start(now);
        decimal total = 0;
        List<DateTimeOffset>? expired = null;
        foreach (var (hour, usd) in _spentByHour)
        {
            if (hour < start)
            {
                (expired ??= []).Add(hour);
            }
            else
            {
                total += usd;
            }
        }

        foreach (var hour in expired ?? [])
        {
            _spentByHour.Remove(hour);
        }

        return total;
    }

    public DateTimeOffset? OldestSpendHour => _spentByHour.Count == 0 ? null : _spentByHour.Keys.First();

    public void Reserve(string id, decimal usd)
    {
        _reservations[id] = _reservations.GetValueOrDefault(id) + usd;
        _reserved += usd;
    }

    /// <summary>Drops the reservation (if this budget holds one) and books the real cost.</summary>
    public void Settle(string id, decimal actualUsd, DateTimeOffset now)
    {
        if (_reservations.Remove(id, out var held))
        {
            _reserved -= held;
        }

        AddSpend(now, actualUsd);
    }

    public void Reset() => _spentByHour.Clear();

    public BudgetUsage Usage(BudgetDefinition budget, DateTimeOffset now)
    {
        var spent = Spent(now);
        return new BudgetUsage(budget, spent, _reserved, window.ResetsAt(now, OldestSpendHour));
    }
}
