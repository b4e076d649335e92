using System.Text;

namespace Frugal.Core.Semantic;

/// <summary>
/// Reads CSV as RFC 4180 has it: comma-separated, fields optionally in double quotes, which may
/// hold commas, line breaks and doubled quotes (""). The first row names the columns.
/// </summary>
public static class LabelledCsv
{
    /// <summary>The rows of <paramref name="path"/> as (text, label) from the named columns; rows with an empty text are skipped.</summary>
    public static List<LabelledText> Read(string path, string textColumn, string labelColumn)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, textColumn, labelColumn, path);
    }

    public static List<LabelledText> Read(TextReader reader, string textColumn, string labelColumn, string source = "input")
    {
        using var rows = ParseRows(reader).GetEnumerator();
        if (!rows.MoveNext())
        {
            throw new InvalidDataException($"{source} is empty: expected a header row.");
        }

        var header = rows.Current;
        var textAt = Array.FindIndex(header, name => string.Equals(name.Trim(), textColumn, StringComparison.OrdinalIgnoreCase));
        var labelAt = Array.FindIndex(header, name => string.Equals(name.Trim(), labelColumn, StringComparison.OrdinalIgnoreCase));
        if (textAt < 0 || labelAt < 0)
        {
            throw new InvalidDataException($"{source} has columns {string.Join(", ", header)}; '{(textAt < 0 ? textColumn : labelColumn)}' is not one of them.");
        }

        var result = new List<LabelledText>();
        var line = 1;
        while (rows.MoveNext())
        {
            line++;
            var row = rows.Current;
            if (row.Length == 1 && row[0].Length == 0)
            {
                continue; // blank line
            }

            if (row.Length <= Math.Max(textAt, labelAt))
            {
                throw new InvalidDataException($"{source}: record {line} has {row.Length} fields, fewer than the header's {header.Length}.");
            }

            if (row[textAt].Length > 0)
            {
                result.Add(new LabelledText(row[textAt], row[labelAt]));
            }
        }

        return result;
    }

    /// <summary>Each record as its fields; a record may span lines inside quotes.</summary>
    public static IEnumerable<string[]> ParseRows(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var any = false;
        int next;
        while ((next = reader.Read()) >= 0)
        {
            var c = (char)next;
            any = true;
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (reader.Peek() == '"')
                {
                    reader.Read();
                    field.Append('"');
                }
                else
                {
                    quoted = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break; // CRLF and LF end a record alike
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return [.. fields];
                    fields.Clear();
                    any = false;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (any)
        {
            fields.Add(field.ToString());
            yield return [.. fields];
        }
    }
}
