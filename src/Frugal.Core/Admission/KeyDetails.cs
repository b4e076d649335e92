using Frugal.Core.Budgets.Config;

namespace Frugal.Core.Admission;

/// <summary>A key as administration shows it: the record, its status at the time asked, and its per-key runtime budgets.</summary>
public sealed record KeyDetails(VirtualKeyRecord Key, string Status, IReadOnlyList<BudgetDefinition> Budgets);
