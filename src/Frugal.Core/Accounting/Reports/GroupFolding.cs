using System.Globalization;
using Frugal.Core.Accounting.Dashboard;

namespace Frugal.Core.Accounting.Reports;

/// <summary>
/// The cardinality cap on what people are shown. The ledger records every request under the (length-capped) model, key,
/// team and tag names it came with, so a key holder asking for made-up models can create any number of names; a report
/// or a chart must not grow a group per name. The rule: a report by a name dimension (model, provider, key, team, tag,
/// endpoint, prefix) shows its <see cref="ReportGroups"/> most expensive groups (cost, then requests, then name) and folds
/// the rest into one row "other (N names)"; the dashboard's spend-by-model chart keeps <see cref="DashboardSeriesCount"/>
/// series the same way. Day and hour reports are bounded by their window and never folded. Totals are unchanged.
/// </summary>
public static class GroupFolding
{
    public const int ReportGroups = 50;
    public const int DashboardSeriesCount = 10;

    /// <summary>The label of the folded row: says it is a fold and how many names are in it (so it cannot be mistaken for a model called "other").</summary>
    public static string OtherLabel(int names) => string.Create(CultureInfo.InvariantCulture, $"other ({names} names)");

    public static Report Fold(Report report, int max = ReportGroups)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Rows.Count <= max || report.Query.By is ReportDimension.Day or ReportDimension.Hour or ReportDimension.Total)
        {
            return report;
        }

        var ranked = report.Rows
            .OrderByDescending(r => r.CostUsd).ThenByDescending(r => r.Requests).ThenBy(r => r.Group, StringComparer.Ordinal)
            .ToList();
        var kept = ranked.Take(max).ToHashSet();
        var rest = ranked.Skip(max).ToList();
        var rows = report.Rows.Where(kept.Contains).ToList();
        rows.Add(Sum(OtherLabel(rest.Count), rest));
        return report with { Rows = rows };
    }

    /// <summary>The first <paramref name="max"/> series as they are (the caller orders them), the rest summed into one "other (N names)" series.</summary>
    public static IReadOnlyList<DashboardSeries> Fold(IReadOnlyList<DashboardSeries> series, int max = DashboardSeriesCount)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count <= max)
        {
            return series;
        }

        var folded = new List<DashboardSeries>(max + 1);
        for (var i = 0; i < max; i++)
        {
            folded.Add(series[i]);
        }

        var sum = new decimal[series[max].Values.Count];
        for (var i = max; i < series.Count; i++)
        {
            var values = series[i].Values;
            for (var b = 0; b < sum.Length && b < values.Count; b++)
            {
                sum[b] += values[b];
            }
        }

        folded.Add(new DashboardSeries(OtherLabel(series.Count - max), sum));
        return folded;
    }

    private static ReportRow Sum(string group, IReadOnlyList<ReportRow> rows)
    {
        var saved = new Dictionary<SavingReason, decimal>();
        long requests = 0;
        double latencyWeight = 0;
        var row = new ReportRow { Group = group };
        foreach (var r in rows)
        {
            requests += r.Requests;
            latencyWeight += r.AverageLatencyMs * r.Requests;
            foreach (var (reason, usd) in r.SavedByReason)
            {
                saved[reason] = saved.GetValueOrDefault(reason) + usd;
            }

            row = row with
            {
                Errors = row.Errors + r.Errors,
                InputTokens = row.InputTokens + r.InputTokens,
                CachedInputTokens = row.CachedInputTokens + r.CachedInputTokens,
                CacheWriteTokens = row.CacheWriteTokens + r.CacheWriteTokens,
                OutputTokens = row.OutputTokens + r.OutputTokens,
                ReasoningTokens = row.ReasoningTokens + r.ReasoningTokens,
                CostUsd = row.CostUsd + r.CostUsd,
                UnpricedRequests = row.UnpricedRequests + r.UnpricedRequests,
                CacheHits = row.CacheHits + r.CacheHits,
                SavedUsd = row.SavedUsd + r.SavedUsd,
                VaryingPrefixUsd = row.VaryingPrefixUsd + r.VaryingPrefixUsd,
            };
        }

        return row with { Requests = requests, SavedByReason = saved, AverageLatencyMs = requests == 0 ? 0 : latencyWeight / requests };
    }
}
