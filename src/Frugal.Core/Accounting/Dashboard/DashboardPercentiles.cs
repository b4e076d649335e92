namespace Frugal.Core.Accounting.Dashboard;

/// <summary>Percentiles (ms) read from the hourly log-scale histograms; null when nothing was recorded.</summary>
public sealed record DashboardPercentiles(long Count, double? P50, double? P90, double? P95, double? P99);
