namespace Frugal.Core.Accounting.Reports;

/// <summary>Read side of the ledger: reports and raw usage for estimates.</summary>
public interface ILedgerReader
{
    Task<Report> ReportAsync(ReportQuery query, CancellationToken cancellationToken);

    /// <summary>Calls that reached a model (cache hits and failures without usage excluded).</summary>
    IAsyncEnumerable<UsageRow> ReadUsageAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Personal-data values the privacy stage acted on, per entity type, by route and by key (<c>frugal report --by pii</c>).</summary>
    Task<PiiReport> PiiReportAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken);

    Task<long> CountAsync(CancellationToken cancellationToken);
}
