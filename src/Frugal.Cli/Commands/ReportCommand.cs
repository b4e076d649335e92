using Frugal.Core.Accounting.Reports;

namespace Frugal.Cli.Commands;

/// <summary><c>frugal report --since 7d --by model|provider|key|team|tag|day|hour [--format table|csv|json]</c>.</summary>
public static class ReportCommand
{
    public static async Task<int> RunAsync(CommandLine args)
    {
        var config = ConfigFiles.LoadOrExit(args.Option("config"), Console.Error);
        var format = args.Option("format") ?? "table";
        if (!ReportQueries.TryCreate(args.Option("since"), args.Option("by"), TimeProvider.System, out var query, out var problem))
        {
            throw new CliException(problem);
        }

        args.EnsureAllRead();
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
