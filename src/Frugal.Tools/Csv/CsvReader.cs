using System.Text;

namespace Frugal.Tools.Csv;

/// <summary>
/// The strict RFC 4180 CSV reader every offline dataset goes through: fields separated by commas,
/// records by LF or CRLF; a field in double quotes may hold commas, line breaks and doubled quotes
/// (<c>""</c>). Benchmark files such as MMLU keep whole multi-line questions in one quoted field,
/// so a line-based split is wrong. Malformed input (a quote left open, text after a closing quote,
/// a quote inside an unquoted field) is a <see cref="FormatException"/> naming the line, never
/// guessed at: a guess silently merges or splits rows of a training set. <see cref="CsvTable"/>
/// adds the header and the column-count check.
/// </summary>
public sealed class CsvReader(TextReader reader)
{
    private readonly StringBuilder _field = new();
    private int _line = 1;

    /// <summary>The 1-based line on which the most recently returned record started.</summary>
    public int RecordLine { get; private set; }

    /// <summary>Reads the next record, or returns null at the end of the input.</summary>
    /// <exception cref="FormatException">A quoted field is not closed, text follows a closing quote, or a quote stands inside an unquoted field.</exception>
    public string[]? ReadRecord()
    {
        var next = reader.Peek();
        if (next < 0)
        {
            return null;
        }

        RecordLine = _line;
        var fields = new List<string>();
        _field.Clear();
        var quoted = false;
        var afterQuote = false;
        while (true)
        {
            var c = reader.Read();
            if (quoted)
            {
                if (c < 0)
                {
                    throw new FormatException($"Line {RecordLine}: a quoted field is not closed before the end of the file.");
                }

                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        _field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                        afterQuote = true;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        _line++;
                    }

                    _field.Append((char)c);
                }

                continue;
            }

            switch (c)
            {
                case < 0:
                    fields.Add(_field.ToString());
                    return fields.ToArray();
                case ',':
                    fields.Add(_field.ToString());
                    _field.Clear();
                    afterQuote = false;
                    break;
                case '\r' when reader.Peek() == '\n':
                    break; // the '\n' ends the record
                case '\n':
                    _line++;
                    fields.Add(_field.ToString());
                    return fields.ToArray();
                case '"' when _field.Length == 0 && !afterQuote:
                    quoted = true;
                    break;
                case '"':
                    throw new FormatException($"Line {_line}: a quote inside an unquoted field (quote the whole field and write the quote as \"\").");
                default:
                    if (afterQuote)
                    {
                        throw new FormatException($"Line {_line}: unexpected '{(char)c}' after a closing quote (a quote inside a quoted field is written \"\").");
                    }

                    _field.Append((char)c);
                    break;
            }
        }
    }

    /// <summary>Every remaining record.</summary>
    public IEnumerable<string[]> ReadAll()
    {
        while (ReadRecord() is { } record)
        {
            yield return record;
        }
    }
}
