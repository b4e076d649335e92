using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Frugal.Tests.Telemetry;

/// <summary>
/// A strict check of the Prometheus text exposition format (0.0.4), stricter than <c>PrometheusText</c>, which only
/// reads values: the body is valid UTF-8 with no control character but the line feeds ending lines; every line is a
/// <c># HELP</c>, a <c># TYPE</c> or a sample; names and label names are legal; label values use only the three escapes
/// the format knows; every sample belongs to a family typed before it; no series appears twice.
/// </summary>
public static partial class PrometheusTextValidator
{
    private static readonly string[] HistogramSuffixes = ["_bucket", "_sum", "_count"];

    /// <summary>The problems found (empty: the body is valid), each with its line number.</summary>
    public static IReadOnlyList<string> Problems(byte[] body)
    {
        var problems = new List<string>();
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException e)
        {
            return [$"not valid UTF-8: {e.Message}"];
        }

        for (var i = 0; i < body.Length; i++)
        {
            if ((body[i] < 0x20 && body[i] != (byte)'\n') || body[i] == 0x7F)
            {
                problems.Add($"raw control byte 0x{body[i]:X2} at offset {i}");
            }
        }

        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            problems.Add("the body does not end with a line feed");
        }

        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var helps = new HashSet<string>(StringComparer.Ordinal);
        var series = new HashSet<string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length - 1; n++)
        {
            var line = lines[n];
            var where = $"line {n + 1}: ";
            if (line.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029'))
            {
                problems.Add(where + "a control or separator character");
            }

            if (line.StartsWith('#'))
            {
                if (HelpLine().Match(line) is { Success: true } help)
                {
                    if (!helps.Add(help.Groups[1].Value))
                    {
                        problems.Add(where + "a second HELP for " + help.Groups[1].Value);
                    }
                }
                else if (TypeLine().Match(line) is { Success: true } type)
                {
                    if (!types.TryAdd(type.Groups[1].Value, type.Groups[2].Value))
                    {
                        problems.Add(where + "a second TYPE for " + type.Groups[1].Value);
                    }
                }
                else
                {
                    problems.Add(where + "a comment that is neither HELP nor TYPE");
                }

                continue;
            }

            var sample = SampleLine().Match(line);
            if (!sample.Success)
            {
                problems.Add(where + "not a sample line: " + Shorten(line));
                continue;
            }

            var name = sample.Groups["name"].Value;
            if (Family(name, types) is null)
            {
                problems.Add(where + $"sample {name} has no TYPE before it");
            }

            var labelNames = sample.Groups["label"].Captures.Select(c => c.Value).ToList();
            if (labelNames.Distinct(StringComparer.Ordinal).Count() != labelNames.Count)
            {
                problems.Add(where + "a label name twice");
            }

            var value = sample.Groups["value"].Value;
            if (value is not ("+Inf" or "-Inf" or "NaN") && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                problems.Add(where + "not a number: " + value);
            }

            if (!series.Add(line[..line.LastIndexOf(' ')]))
            {
                problems.Add(where + "a series twice: " + Shorten(line));
            }
        }

        return problems;
    }

    /// <summary>Sample lines (not comments) whose metric name is <paramref name="name"/> (a histogram's lines use its suffixes).</summary>
    public static int CountSamples(string text, string name)
        => text.Split('\n').Count(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal));

    /// <summary>Every sample line.</summary>
    public static int CountSamples(string text)
        => text.Split('\n').Count(l => l.Length > 0 && !l.StartsWith('#'));

    private static string? Family(string name, Dictionary<string, string> types)
    {
        if (types.ContainsKey(name))
        {
            return name;
        }

        foreach (var suffix in HistogramSuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(name[..^suffix.Length], out var type) && type is "histogram" or "summary")
            {
                return name[..^suffix.Length];
            }
        }

        return null;
    }

    private static string Shorten(string line) => line.Length <= 120 ? line : line[..120] + "…";

    [GeneratedRegex(@"^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (?:[^\\]|\\[\\n])*$")]
    private static partial Regex HelpLine();

    [GeneratedRegex(@"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?:(?<label>[a-zA-Z_][a-zA-Z0-9_]*)=""(?:[^""\\]|\\[\\""n])*""(?:,(?<label>[a-zA-Z_][a-zA-Z0-9_]*)=""(?:[^""\\]|\\[\\""n])*"")*)?\})? (?<value>\S+)$")]
    private static partial Regex SampleLine();
}
