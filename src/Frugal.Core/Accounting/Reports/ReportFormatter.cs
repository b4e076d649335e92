using System.Globalization;
using System.Text;
using System.Text.Json;
using Frugal.Core.Text;

namespace Frugal.Core.Accounting.Reports;

/// <summary>
/// Renders a report as a table for people, CSV for spreadsheets and JSON for machines; the CLI
/// and <c>/admin/reports</c> use the same code, so their figures always agree. Group names are client text: the table
/// shows control characters as <c>\uXXXX</c> (<see cref="TerminalText"/>), CSV goes through <see cref="CsvWriter"/>
/// (quoted, formulas neutralised), JSON through the writer's escaping; every format folds the groups past the
/// <see cref="GroupFolding"/> cap into "other (N names)".
/// </summary>
public static class ReportFormatter
{
    private static readonly SavingReason[] Reasons = Enum.GetValues<SavingReason>();

    private static readonly string[] CsvColumns =
    [
        "requests", "errors", "input_tokens", "cached_input_tokens", "cache_write_tokens", "output_tokens", "reasoning_tokens",
        "cost_usd", "unpriced_requests", "cache_hits", "cache_hit_rate", "saved_usd", "avg_latency_ms",
    ];

    public static string ReasonName(SavingReason reason) => reason switch
    {
        SavingReason.Cache => "cache",
        SavingReason.SemanticCache => "semantic_cache",
        SavingReason.Routing => "routing",
        SavingReason.Compression => "compression",
        SavingReason.Batch => "batch",
        SavingReason.ProviderCache => "provider_cache",
        _ => reason.ToString().ToLowerInvariant(),
    };

    public static string Table(Report report)
    {
        report = GroupFolding.Fold(report);
        var header = new[] { Label(report.Query.By), "requests", "errors", "input tok", "cached tok", "output tok", "cost USD", "unpriced", "cache hit", "saved USD", "avg ms" };
        var rows = report.Rows.Select(Cells).ToList();
        rows.Add(Cells(report.Total with { Group = "TOTAL" }));
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Frugal report {Stamp(report.Query.Since)} → {Stamp(report.Query.Until)} by {Label(report.Query.By)}");
        AppendRow(text, header, widths);
        AppendRow(text, widths.Select(w => new string('-', w)).ToArray(), widths);
        for (var i = 0; i < rows.Count; i++)
        {
            if (i == rows.Count - 1)
            {
                AppendRow(text, widths.Select(w => new string('-', w)).ToArray(), widths);
            }

            AppendRow(text, rows[i], widths);
        }

        var saved = report.Total.SavedByReason.Where(kv => kv.Value != 0).ToList();
        text.AppendLine();
        text.AppendLine(saved.Count == 0
            ? "Saved by reason: nothing yet."
            : "Saved by reason: " + string.Join(", ", saved.Select(kv => $"{ReasonName(kv.Key)} ${Money(kv.Value)}")));
        AppendVaryingPrefixes(text, report);
        if (report.Total.UnpricedRequests > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Warning: {report.Total.UnpricedRequests} request(s) used models with no price; their cost is unknown and NOT included above. Add prices under \"prices\" in the config.");
        }

        return text.ToString();
    }

    /// <summary>CSV through <see cref="CsvWriter"/>: group names are client-chosen text (keys, teams, tags), so they are quoted and neutralised.</summary>
    public static string Csv(Report report)
    {
        report = GroupFolding.Fold(report);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var csv = new CsvWriter(text);
        csv.Field(Label(report.Query.By));
        foreach (var column in CsvColumns)
        {
            csv.Field(column);
        }

        foreach (var reason in Reasons)
        {
            csv.Field("saved_" + ReasonName(reason) + "_usd");
        }

        csv.EndRecord();
        foreach (var row in report.Rows.Append(report.Total with { Group = "TOTAL" }))
        {
            csv.Field(row.Group)
                .Field(row.Requests).Field(row.Errors).Field(row.InputTokens).Field(row.CachedInputTokens).Field(row.CacheWriteTokens)
                .Field(row.OutputTokens).Field(row.ReasoningTokens).Field(row.CostUsd).Field(row.UnpricedRequests).Field(row.CacheHits)
                .Field(row.CacheHitRate, "0.####").Field(row.SavedUsd).Field(row.AverageLatencyMs, "0.###");
            foreach (var reason in Reasons)
            {
                csv.Field(row.SavedByReason.GetValueOrDefault(reason));
            }

            csv.EndRecord();
        }

        return text.ToString();
    }

    public static byte[] Json(Report report)
    {
        report = GroupFolding.Fold(report);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("since", report.Query.Since);
            json.WriteString("until", report.Query.Until);
            json.WriteString("by", Label(report.Query.By));
            json.WriteStartArray("rows");
            foreach (var row in report.Rows)
            {
                WriteRow(json, row);
            }

            json.WriteEndArray();
            json.WritePropertyName("total");
            WriteRow(json, report.Total);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteRow(Utf8JsonWriter json, ReportRow row)
    {
        json.WriteStartObject();
        json.WriteString("group", row.Group);
        json.WriteNumber("requests", row.Requests);
        json.WriteNumber("errors", row.Errors);
        json.WriteNumber("input_tokens", row.InputTokens);
        json.WriteNumber("cached_input_tokens", row.CachedInputTokens);
        json.WriteNumber("cache_write_tokens", row.CacheWriteTokens);
        json.WriteNumber("output_tokens", row.OutputTokens);
        json.WriteNumber("reasoning_tokens", row.ReasoningTokens);
        json.WriteNumber("cost_usd", row.CostUsd);
        json.WriteNumber("unpriced_requests", row.UnpricedRequests);
        json.WriteNumber("cache_hits", row.CacheHits);
        json.WriteNumber("cache_hit_rate", Math.Round(row.CacheHitRate, 4));
        json.WriteNumber("saved_usd", row.SavedUsd);
        json.WriteStartObject("saved_by_reason");
        foreach (var reason in Reasons)
        {
            json.WriteNumber(ReasonName(reason), row.SavedByReason.GetValueOrDefault(reason));
        }

        json.WriteEndObject();
        json.WriteNumber("avg_latency_ms", Math.Round(row.AverageLatencyMs, 3));
        json.WriteEndObject();
    }

    private static string[] Cells(ReportRow row) =>
    [
        TerminalText.Printable(row.Group),
        row.Requests.ToString("N0", CultureInfo.InvariantCulture),
        row.Errors.ToString("N0", CultureInfo.InvariantCulture),
        row.InputTokens.ToString("N0", CultureInfo.InvariantCulture),
        row.CachedInputTokens.ToString("N0", CultureInfo.InvariantCulture),
        row.OutputTokens.ToString("N0", CultureInfo.InvariantCulture),
        Money(row.CostUsd),
        row.UnpricedRequests.ToString("N0", CultureInfo.InvariantCulture),
        row.CacheHitRate.ToString("P1", CultureInfo.InvariantCulture),
        Money(row.SavedUsd),
        row.AverageLatencyMs.ToString("0.0", CultureInfo.InvariantCulture),
    ];

    public static string Money(decimal usd) => usd.ToString("0.000000", CultureInfo.InvariantCulture);

    private static string Label(ReportDimension by) => by.ToString().ToLowerInvariant();

    /// <summary>
    /// The money varying prompt prefixes cost, scaled to a month: one line per varying prefix with <c>--by prefix</c>,
    /// else one total line pointing there.
    /// </summary>
    private static void AppendVaryingPrefixes(StringBuilder text, Report report)
    {
        if (report.Total.VaryingPrefixUsd <= 0)
        {
            return;
        }

        var days = Math.Max(1m / 24m, (decimal)(report.Query.Until - report.Query.Since).TotalDays);
        decimal Monthly(decimal usd) => usd * BillingCalendar.DaysPerMonth / days;
        if (report.Query.By != ReportDimension.Prefix)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Varying prompt prefixes: ≈ ${Money(Monthly(report.Total.VaryingPrefixUsd))}/month of cache discount lost (see --by prefix).");
            return;
        }

        foreach (var row in report.Rows)
        {
            if (row.VaryingPrefixUsd > 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{TerminalText.Printable(row.Group)} in {row.Requests} call(s); moving the varying text after the fixed text would save ≈ ${Money(Monthly(row.VaryingPrefixUsd))}/month.");
            }
        }
    }

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            text.Append(i == 0 ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i]));
            text.Append(i == cells.Length - 1 ? string.Empty : "  ");
        }

        text.AppendLine();
    }
}
