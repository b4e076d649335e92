using Frugal.Tools.Csv;

namespace Frugal.Tools.Routing;

/// <summary>
/// Labelled prompts read from one CSV file, or from every <c>*.csv</c> in a folder (in ordinal
/// file-name order, so row order never depends on the file system). Each file needs a header
/// row naming the prompt column and the two outcome columns (<c>True</c>/<c>False</c>, also
/// <c>1</c>/<c>0</c> and <c>yes</c>/<c>no</c>).
/// </summary>
public sealed class RouterDataset
{
    private readonly int[] _fileOfExample;

    private RouterDataset(IReadOnlyList<RouterExample> examples, IReadOnlyList<string> files, int[] fileOfExample)
    {
        Examples = examples;
        Files = files;
        _fileOfExample = fileOfExample;
    }

    public IReadOnlyList<RouterExample> Examples { get; }

    /// <summary>The files read, in the order their rows appear in <see cref="Examples"/>.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The file example <paramref name="index"/> was read from (grouped evaluation holds out whole files by subject).</summary>
    public string FileOf(int index) => Files[_fileOfExample[index]];

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
        var fileOfExample = new List<int>();
        for (var f = 0; f < files.Length; f++)
        {
            using var reader = new StreamReader(files[f]);
            var rows = Read(reader, files[f], promptColumn, weakColumn, strongColumn);
            examples.AddRange(rows);
            fileOfExample.AddRange(Enumerable.Repeat(f, rows.Count));
        }

        return new RouterDataset(examples, files, fileOfExample.ToArray());
    }

    /// <summary>Reads one CSV; <paramref name="source"/> names it in error messages.</summary>
    public static List<RouterExample> Read(TextReader reader, string source, string promptColumn, string weakColumn, string strongColumn)
    {
        var csv = CsvTable.Open(reader, source);
        var prompt = csv.Column(promptColumn, StringComparison.Ordinal);
        var weak = csv.Column(weakColumn, StringComparison.Ordinal);
        var strong = csv.Column(strongColumn, StringComparison.Ordinal);
        var examples = new List<RouterExample>();
        foreach (var (line, fields) in csv.Records())
        {
            examples.Add(new RouterExample(
                fields[prompt],
                Boolean(fields[weak], weakColumn, source, line),
                Boolean(fields[strong], strongColumn, source, line)));
        }

        return examples;
    }

    private static bool Boolean(string text, string column, string source, int line) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "1.0" or "yes" => true,
        "false" or "0" or "0.0" or "no" => false,
        _ => throw new InvalidDataException($"{source}:{line}: column '{column}' holds '{text}', not True/False."),
    };
}
