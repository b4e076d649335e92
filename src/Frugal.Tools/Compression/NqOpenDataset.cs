using System.IO.Compression;
using System.Text.Json;

namespace Frugal.Tools.Compression;

/// <summary>
/// Reads the NQ-open oracle file (JSON lines, optionally gzipped): <c>question</c>, <c>answers</c>, and <c>ctxs[0]</c>
/// the gold passage. A line without a question, an answer or a passage is an error naming the line.
/// </summary>
public static class NqOpenDataset
{
    public static List<NqOpenExample> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        var examples = new List<NqOpenExample>();
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                examples.Add(Parse(line));
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
            {
                throw new InvalidDataException($"{path}:{number}: not an NQ-open line with question, answers and ctxs[0] ({ex.Message})", ex);
            }
        }

        return examples;
    }

    private static NqOpenExample Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var answers = new List<string>();
        foreach (var answer in root.GetProperty("answers").EnumerateArray())
        {
            answers.Add(answer.GetString() ?? throw new InvalidOperationException("null answer"));
        }

        var gold = root.GetProperty("ctxs")[0];
        if (answers.Count == 0)
        {
            throw new InvalidOperationException("no answers");
        }

        return new NqOpenExample(
            root.GetProperty("question").GetString() ?? throw new InvalidOperationException("null question"),
            answers,
            gold.GetProperty("title").GetString() ?? string.Empty,
            gold.GetProperty("text").GetString() ?? throw new InvalidOperationException("null passage"));
    }
}
