using System.Globalization;
using System.Text;
using System.Text.Json;
using Frugal.Core.Text;

namespace Frugal.Core.Accounting.Reports;

/// <summary>
/// Renders <see cref="PiiReport"/> as a table, CSV or JSON. Route and key names are client-chosen text: CSV goes
/// through <see cref="CsvWriter"/>, JSON through the writer's escaping, and the table shows control characters as
/// <c>\uXXXX</c> so a name cannot move the terminal's cursor or fake rows.
/// </summary>
public static class PiiReportFormatter
{
    public static string Table(PiiReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Frugal report {Stamp(report.Since)} → {Stamp(report.Until)}: personal data masked by the privacy stage");
        if (report.Rows.Count == 0)
        {
            text.AppendLine("No personal data was found in this window (or the privacy stage is off).");
            return text.ToString();
        }

        foreach (var scope in new[] { "route", "key" })
        {
            var rows = report.Rows.Where(r => r.Scope == scope).Select(r => new[]
            {
                Printable(r.Group), r.Entity, r.Entities.ToString("N0", CultureInfo.InvariantCulture), r.Requests.ToString("N0", CultureInfo.InvariantCulture),
            }).ToList();
            var header = new[] { scope, "entity", "values", "requests" };
            var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
            text.AppendLine();
            AppendRow(text, header, widths);
            AppendRow(text, widths.Select(w => new string('-', w)).ToArray(), widths);
            foreach (var row in rows)
            {
                AppendRow(text, row, widths);
            }
        }

        return text.ToString();
    }

    public static string Csv(PiiReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var csv = new CsvWriter(text);
        csv.Field("scope").Field("group").Field("entity").Field("values").Field("requests").EndRecord();
        foreach (var row in report.Rows)
        {
            csv.Field(row.Scope).Field(row.Group).Field(row.Entity).Field(row.Entities).Field(row.Requests).EndRecord();
        }

        return text.ToString();
    }

    public static byte[] Json(PiiReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("since", report.Since);
            json.WriteString("until", report.Until);
            json.WriteString("by", "pii");
            json.WriteStartArray("rows");
            foreach (var row in report.Rows)
            {
                json.WriteStartObject();
                json.WriteString("scope", row.Scope);
                json.WriteString("group", row.Group);
                json.WriteString("entity", row.Entity);
                json.WriteNumber("values", row.Entities);
                json.WriteNumber("requests", row.Requests);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Control characters (newlines, ESC) as <c>\uXXXX</c>: the rest of the name is shown as the client wrote it.</summary>
    public static string Printable(string value) => TerminalText.Printable(value);

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            text.Append(i < 2 ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i]));
            text.Append(i == cells.Length - 1 ? string.Empty : "  ");
        }

        text.AppendLine();
    }
}
