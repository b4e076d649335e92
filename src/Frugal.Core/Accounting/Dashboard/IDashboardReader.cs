namespace Frugal.Core.Accounting.Dashboard;

/// <summary>Read side of the dashboard: aggregates from the ledger's rollups, recent entries from indexed queries.</summary>
public interface IDashboardReader
{
    Task<DashboardSummary> SummaryAsync(DashboardPeriod period, CancellationToken cancellationToken);

    Task<IReadOnlyList<RecentRequest>> RecentAsync(RecentRequestsQuery query, CancellationToken cancellationToken);
}
