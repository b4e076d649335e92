using Frugal.Core.Accounting.Reports;

namespace Frugal.Cli.Commands;

/// <summary><c>frugal report --since 7d --by model|provider|key|team|tag|day|hour|pii [--format table|csv|json]</c>.</summary>
public static class ReportCommand
{
    public static async Task<int> RunAsync(ParsedArgs args)
    {
        var config = ConfigFiles.LoadOrExit(args.Option("config"), Console.Error);
        var format = args.Option("format") ?? "table";
        var by = args.Option("by");
        var pii = string.Equals(by, "pii", StringComparison.OrdinalIgnoreCase);
        if (!ReportQueries.TryCreate(args.Option("since"), pii ? null : by, TimeProvider.System, out var query, out var problem))
        {
            throw new CliException(problem);
        }

        args.EnsureAllRead();
        if (pii)
        {
            var piiReport = await LedgerFiles.OpenReader(config).PiiReportAsync(query.Since, query.Until, CancellationToken.None);
            Console.Write(format switch
            {
                "table" => PiiReportFormatter.Table(piiReport),
                "csv" => PiiReportFormatter.Csv(piiReport),
                "json" => System.Text.Encoding.UTF8.GetString(PiiReportFormatter.Json(piiReport)) + Environment.NewLine,
                _ => throw new CliException($"--format must be table, csv or json, not '{format}'."),
            });
            return 0;
        }

        var report = await LedgerFiles.OpenReader(config).ReportAsync(query, CancellationToken.None);
        switch (format)
        {
            case "table":
                Console.Write(ReportFormatter.Table(report));
                break;
            case "csv":
                Console.Write(ReportFormatter.Csv(report));
                break;
            case "json":
                Console.WriteLine(System.Text.Encoding.UTF8.GetString(ReportFormatter.Json(report)));
                break;
            default:
                throw new CliException($"--format must be table, csv or json, not '{format}'.");
        }

        return 0;
    }
}
