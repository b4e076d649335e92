using System.Globalization;
using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Accounting.Reports;
using Frugal.Tools.Estimates;

namespace Frugal.Cli.Commands;

/// <summary>
/// <c>frugal estimate --model M --requests-per-day N --input-tokens I --output-tokens O [--compare a,b] [--cached-share S] [--batch-share B]</c>
/// and <c>frugal estimate --from-ledger --since 30d --what-if-model X</c>.
/// </summary>
public static class EstimateCommand
{
    public static async Task<int> RunAsync(ParsedArgs args)
    {
        var config = ConfigFiles.LoadOrExit(args.Option("config"), Console.Error);
        var estimator = new CostEstimator(PriceBook.Create(config.Prices), TimeProvider.System);
        return args.Flag("from-ledger") ? await FromLedgerAsync(args, config, estimator) : Planned(args, estimator);
    }

    private static int Planned(ParsedArgs args, CostEstimator estimator)
    {
        var models = new List<string> { args.RequiredOption("model") };
        models.AddRange((args.Option("compare") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var workload = new Workload(
            RequestsPerDay: args.Long("requests-per-day", 1, 10_000_000_000),
            InputTokens: args.Long("input-tokens", 0, 10_000_000),
            OutputTokens: args.Long("output-tokens", 0, 10_000_000),
            CachedShare: args.Decimal("cached-share", 0, 1, 0),
            BatchShare: args.Decimal("batch-share", 0, 1, 0));
        args.EnsureAllRead();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Workload: {workload.RequestsPerDay:N0} requests/day × ({workload.InputTokens:N0} input + {workload.OutputTokens:N0} output tokens), cached share {workload.CachedShare:P0}, batch share {workload.BatchShare:P0}"));
        Console.WriteLine();
        var table = new CliTable().Column("model").Column("per request", numeric: true).Column("per day", numeric: true).Column("per month", numeric: true).Column("per year", numeric: true);
        var missing = new List<string>();
        foreach (var estimate in models.Distinct(StringComparer.OrdinalIgnoreCase).Select(m => estimator.Estimate(m, workload)))
        {
            if (estimate.PerRequestUsd is null)
            {
                missing.Add(estimate.Model);
                table.Row(estimate.Model, "no price");
                continue;
            }

            table.Row(estimate.Model, Usd(estimate.PerRequestUsd, 8), Usd(estimate.DailyUsd, 2), Usd(estimate.MonthlyUsd, 2), Usd(estimate.YearlyUsd, 2));
        }

        table.Write();

        Console.WriteLine();
        Console.WriteLine($"A month is {Core.Accounting.BillingCalendar.DaysPerMonth} days, a year 12 months. Prices: the catalog shipped with Frugal plus config overrides (`prices`).");
        if (missing.Count > 0)
        {
            Console.Error.WriteLine($"No price for: {string.Join(", ", missing)}. Add it under \"prices\".\"models\" in the config.");
            return 1;
        }

        return 0;
    }

    private static async Task<int> FromLedgerAsync(ParsedArgs args, Core.Configuration.GatewayConfig config, CostEstimator estimator)
    {
        var model = args.RequiredOption("what-if-model");
        var sinceText = args.Option("since") ?? "30d";
        if (!Durations.TryParse(sinceText, out var window))
        {
            throw new CliException($"--since must be {Durations.Help}, not '{sinceText}'.");
        }

        args.EnsureAllRead();
        var until = DateTimeOffset.UtcNow;
        var reader = LedgerFiles.OpenReader(config);
        var span = await reader.TrafficSpanAsync(until - window, until, CancellationToken.None);
        var calls = reader.ReadUsageAsync(until - window, until, CancellationToken.None);
        var whatIf = await estimator.RepriceAsync(calls, model, window, CancellationToken.None) with
        {
            Span = span is { } found ? found.Last - found.First : TimeSpan.Zero,
        };
        if (whatIf.WhatIfUsd is null)
        {
            Console.Error.WriteLine($"No price for '{model}'. Add it under \"prices\".\"models\" in the config.");
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Recorded traffic, last {sinceText}: {whatIf.Calls:N0} model calls (cache hits excluded)"));
        Console.WriteLine(span is { } recorded
            ? string.Create(CultureInfo.InvariantCulture, $"Month figures are based on {SpanText(whatIf.Span)} of traffic ({recorded.First:yyyy-MM-dd HH:mm} to {recorded.Last:yyyy-MM-dd HH:mm} UTC), scaled to {Core.Accounting.BillingCalendar.DaysPerMonth} days.")
            : "No traffic recorded in the window: nothing to extrapolate a month from.");
        if (span is not null && whatIf.IsShortSpan)
        {
            Console.Error.WriteLine($"warning: only {SpanText(whatIf.Span)} of recorded traffic (less than a day): the month figures miss daily and weekly cycles; treat them as a rough run-rate.");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  actual cost          {Usd(whatIf.ActualUsd, 6),16}   (≈ {Usd(whatIf.ActualMonthlyUsd, 2)} / month)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  on {model,-18}{Usd(whatIf.WhatIfUsd, 6),16}   (≈ {Usd(whatIf.WhatIfMonthlyUsd, 2)} / month)"));
        var difference = whatIf.WhatIfUsd.Value - whatIf.ActualUsd;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  difference           {(difference >= 0 ? "+" : "-")}{Usd(Math.Abs(difference), 6),15}"));
        if (whatIf.UnpricedCalls > 0)
        {
            Console.WriteLine($"  note: {whatIf.UnpricedCalls} recorded call(s) had no price; the actual cost above leaves them out.");
        }

        return 0;
    }

    /// <summary>"1 h 12 min", "3 d 4 h", "45 s": how long traffic was recorded.</summary>
    internal static string SpanText(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays} d {span.Hours} h"),
        { TotalHours: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes} min"),
        { TotalMinutes: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min {span.Seconds} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0} s"),
    };

    private static string Usd(decimal? value, int decimals) => value is { } v ? "$" + v.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "n/a";
}
