using System.Text;
using Frugal.Tools.Csv;

namespace Frugal.Tools.Caching;

/// <summary>
/// Labelled queries for <c>frugal cache eval</c>: a CSV (read strictly by <see cref="CsvTable"/>)
/// whose header names a text column and a label column, matched ignoring case.
/// </summary>
public static class LabelledCsv
{
    /// <summary>The rows of <paramref name="path"/> as (text, label) from the named columns; rows with an empty text are skipped.</summary>
    public static List<LabelledText> Read(string path, string textColumn, string labelColumn)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, textColumn, labelColumn, path);
    }

    /// <exception cref="InvalidDataException">No header, a missing column, or a malformed or ragged record (the message names the line).</exception>
    public static List<LabelledText> Read(TextReader reader, string textColumn, string labelColumn, string source = "input")
    {
        var csv = CsvTable.Open(reader, source);
        var textAt = csv.Column(textColumn, StringComparison.OrdinalIgnoreCase);
        var labelAt = csv.Column(labelColumn, StringComparison.OrdinalIgnoreCase);
        var result = new List<LabelledText>();
        foreach (var record in csv.Records())
        {
            if (record.Fields[textAt].Length > 0)
            {
                result.Add(new LabelledText(record.Fields[textAt], record.Fields[labelAt]));
            }
        }

        return result;
    }
}
