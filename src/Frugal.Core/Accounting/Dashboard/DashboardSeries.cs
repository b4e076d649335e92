namespace Frugal.Core.Accounting.Dashboard;

/// <summary>One stacked series: a value per chart bucket.</summary>
public sealed record DashboardSeries(string Name, IReadOnlyList<decimal> Values);
