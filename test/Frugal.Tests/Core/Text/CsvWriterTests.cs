using Frugal.Core.Accounting.Reports;
using Frugal.Core.Text;
using Frugal.Tools.Csv;

namespace Frugal.Tests.Core.Text;

public sealed class CsvWriterTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("cr\rlf", "\"cr\rlf\"")]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1+cmd", "'+1+cmd")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("-0.5", "-0.5")]
    [InlineData("+12", "+12")]
    [InlineData("-1.5e-3", "-1.5e-3")]
    [InlineData("-", "'-")]
    [InlineData("-.", "'-.")]
    [InlineData("-1e", "'-1e")]
    [InlineData("-Infinity", "'-Infinity")]
    [InlineData("a=b", "a=b")]
    public void Fields_are_quoted_and_formulas_neutralised(string value, string written) =>
        Assert.Equal(written, CsvWriter.Escape(value));

    [Fact]
    public void What_the_writer_writes_the_strict_reader_reads_back()
    {
        string[][] rows =
        [
            ["name", "value", "note"],
            ["multi\nline", "-0.5", "=1+1"],
            ["quote \"q\"", "12", ""],
            ["comma, here", "@x", "cr\r\nlf"],
        ];
        using var text = new StringWriter();
        var writer = new CsvWriter(text);
        foreach (var row in rows)
        {
            foreach (var field in row)
            {
                writer.Field(field);
            }

            writer.EndRecord();
        }

        var table = CsvTable.Open(new StringReader(text.ToString()), "round-trip");
        var read = table.Records().Select(r => r.Fields).ToList();

        Assert.Equal(rows[0], table.Header);
        Assert.Equal(["multi\nline", "-0.5", "'=1+1"], read[0]);
        Assert.Equal(["quote \"q\"", "12", ""], read[1]);
        Assert.Equal(["comma, here", "'@x", "cr\r\nlf"], read[2]);
        Assert.Equal(3, read.Count);
    }

    [Fact]
    public void Report_csv_keeps_a_hostile_group_name_in_one_cell()
    {
        var since = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var report = new Report(
            new ReportQuery(since, since.AddDays(1), ReportDimension.Tag),
            [new ReportRow { Group = "=cmd|' /C calc'!A0\nTOTAL", Requests = 2, CostUsd = 0.5m }],
            new ReportRow { Group = "total", Requests = 2, CostUsd = 0.5m });

        var table = CsvTable.Open(new StringReader(ReportFormatter.Csv(report)), "report");
        var rows = table.Records().ToList();

        Assert.Equal(2, rows.Count);
        Assert.Equal("'=cmd|' /C calc'!A0\nTOTAL", rows[0].Fields[0]);
        Assert.Equal("TOTAL", rows[1].Fields[0]);
        Assert.Equal("0.5", rows[1].Fields[table.Column("cost_usd", StringComparison.Ordinal)]);
    }
}
