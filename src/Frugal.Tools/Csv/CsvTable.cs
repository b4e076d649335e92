namespace Frugal.Tools.Csv;

/// <summary>
/// A CSV file whose first record names the columns. Every later record must have exactly the
/// header's field count; blank lines are skipped. Every error is an <see cref="InvalidDataException"/>
/// that starts with the source name and, for a record, the line it starts on (<c>file.csv:12: …</c>).
/// </summary>
public sealed class CsvTable
{
    private readonly CsvReader _reader;

    private CsvTable(CsvReader reader, string source, string[] header)
    {
        _reader = reader;
        Source = source;
        Header = header;
    }

    /// <summary>Names the input in error messages (a path, or "input").</summary>
    public string Source { get; }

    public IReadOnlyList<string> Header { get; }

    /// <summary>Reads the header row.</summary>
    /// <exception cref="InvalidDataException">The input is empty or its header is malformed.</exception>
    public static CsvTable Open(TextReader reader, string source)
    {
        var csv = new CsvReader(reader);
        var header = Guard(source, csv.ReadRecord) ?? throw new InvalidDataException($"{source}: the file is empty (a header row is needed).");
        return new CsvTable(csv, source, header);
    }

    /// <summary>The index of the column named <paramref name="name"/> (header names are trimmed).</summary>
    /// <exception cref="InvalidDataException">No such column; the message lists the columns there are.</exception>
    public int Column(string name, StringComparison comparison)
    {
        for (var i = 0; i < Header.Count; i++)
        {
            if (string.Equals(Header[i].Trim(), name, comparison))
            {
                return i;
            }
        }

        var columns = string.Join(", ", Header.Select(h => $"'{h}'"));
        throw new InvalidDataException($"{Source}: no column '{name}'. Columns: {columns}; '{name}' is not one of them.");
    }

    /// <summary>Every remaining record with the line it starts on.</summary>
    /// <exception cref="InvalidDataException">A malformed record, or one whose field count is not the header's.</exception>
    public IEnumerable<CsvRecord> Records()
    {
        while (Guard(Source, _reader.ReadRecord) is { } fields)
        {
            if (fields is [""])
            {
                continue; // a blank line
            }

            if (fields.Length != Header.Count)
            {
                throw new InvalidDataException($"{Source}:{_reader.RecordLine}: {fields.Length} fields where the header has {Header.Count}.");
            }

            yield return new CsvRecord(_reader.RecordLine, fields);
        }
    }

    private static string[]? Guard(string source, Func<string[]?> read)
    {
        try
        {
            return read();
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"{source}: {ex.Message}", ex);
        }
    }
}
