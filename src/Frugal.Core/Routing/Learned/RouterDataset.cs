namespace Frugal.Core.Routing.Learned;

/// <summary>
/// Labelled prompts read from one CSV file, or from every <c>*.csv</c> in a folder (in ordinal
/// file-name order, so row order never depends on the file system). Each file needs a header
/// row naming the prompt column and the two outcome columns (<c>True</c>/<c>False</c>, also
/// <c>1</c>/<c>0</c> and <c>yes</c>/<c>no</c>).
/// </summary>
public sealed class RouterDataset
{
    private RouterDataset(IReadOnlyList<RouterExample> examples, IReadOnlyList<string> files)
    {
        Examples = examples;
        Files = files;
    }

    public IReadOnlyList<RouterExample> Examples { get; }

    /// <summary>The files read, in the order their rows appear in <see cref="Examples"/>.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <exception cref="InvalidDataException">Missing file or column, malformed CSV, or a value that is not a boolean; the message names file and line.</exception>
    public static RouterDataset Load(string path, string promptColumn, string weakColumn, string strongColumn)
    {
        string[] files;
        if (Directory.Exists(path))
        {
            files = Directory.GetFiles(path, "*.csv");
            Array.Sort(files, StringComparer.Ordinal);
            if (files.Length == 0)
            {
                throw new InvalidDataException($"No *.csv files in '{path}'.");
            }
        }
        else if (File.Exists(path))
        {
            files = [path];
        }
        else
        {
            throw new InvalidDataException($"'{path}' is neither a CSV file nor a folder.");
        }

        var examples = new List<RouterExample>();
        foreach (var file in files)
        {
            using var reader = new StreamReader(file);
            examples.AddRange(Read(reader, file, promptColumn, weakColumn, strongColumn));
        }

        return new RouterDataset(examples, files);
    }

    /// <summary>Reads one CSV; <paramref name="source"/> names it in error messages.</summary>
    public static List<RouterExample> Read(TextReader reader, string source, string promptColumn, string weakColumn, string strongColumn)
    {
        var csv = new CsvReader(reader);
        var examples = new List<RouterExample>();
        try
        {
            var header = csv.ReadRecord() ?? throw new InvalidDataException($"{source}: the file is empty (a header row is needed).");
            var prompt = Column(header, promptColumn, source);
            var weak = Column(header, weakColumn, source);
            var strong = Column(header, strongColumn, source);
            while (csv.ReadRecord() is { } record)
            {
                if (record is [""])
                {
                    continue; // a blank line
                }

                if (record.Length != header.Length)
                {
                    throw new InvalidDataException($"{source}:{csv.RecordLine}: {record.Length} fields where the header has {header.Length}.");
                }

                examples.Add(new RouterExample(
                    record[prompt],
                    Boolean(record[weak], weakColumn, source, csv.RecordLine),
                    Boolean(record[strong], strongColumn, source, csv.RecordLine)));
            }
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"{source}: {ex.Message}", ex);
        }

        return examples;
    }

    private static int Column(string[] header, string name, string source)
    {
        var index = Array.FindIndex(header, h => string.Equals(h.Trim(), name, StringComparison.Ordinal));
        return index >= 0
            ? index
            : throw new InvalidDataException($"{source}: no column '{name}'. Columns: {string.Join(", ", header.Select(h => $"'{h}'"))}.");
    }

    private static bool Boolean(string text, string column, string source, int line) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "1.0" or "yes" => true,
        "false" or "0" or "0.0" or "no" => false,
        _ => throw new InvalidDataException($"{source}:{line}: column '{column}' holds '{text}', not True/False."),
    };
}
