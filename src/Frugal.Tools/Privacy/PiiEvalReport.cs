using System.Globalization;
using System.Text;

namespace Frugal.Tools.Privacy;

/// <summary>Per-entity scores of one evaluation, the overall (micro) line, and the gold types the scanner does not support.</summary>
public sealed record PiiEvalReport(string Label, int Samples, IReadOnlyList<PiiEntityScore> Entities, PiiEntityScore Overall, IReadOnlyDictionary<string, int> Unsupported)
{
    /// <summary>Predictions that overlapped only a labelled type the scanner does not support (not counted as wrong).</summary>
    public int OverUnsupported { get; init; }

    public string Format()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Label}: {Samples} texts");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"entity",-16} {"gold",5} {"tp",5} {"fp",5} {"fn",5} {"precision",9} {"recall",7} {"F1",6} {"F2",6} {"exact",5}");
        foreach (var score in Entities)
        {
            text.AppendLine(Line(score));
        }

        text.AppendLine(Line(Overall));
        text.AppendLine(CultureInfo.InvariantCulture, $"Predictions over labelled personal data of an unsupported type (e.g. a number inside a STREET_ADDRESS), not counted: {OverUnsupported}");
        if (OverUnsupported > 0)
        {
            var strict = Overall with { EntityType = "overall-strict", FalsePositives = Overall.FalsePositives + OverUnsupported };
            text.AppendLine("Counting those as wrong:");
            text.AppendLine(Line(strict));
        }
        if (Unsupported.Count > 0)
        {
            text.AppendLine("Not supported (not counted above): " + string.Join(", ", Unsupported.OrderByDescending(u => u.Value).Select(u => string.Create(CultureInfo.InvariantCulture, $"{u.Key} ({u.Value})"))));
        }

        return text.ToString();
    }

    private static string Line(PiiEntityScore s) => string.Create(CultureInfo.InvariantCulture,
        $"{s.EntityType,-16} {s.Gold,5} {s.TruePositives,5} {s.FalsePositives,5} {s.FalseNegatives,5} {s.Precision,9:F3} {s.Recall,7:F3} {s.F1,6:F3} {s.F2,6:F3} {s.ExactBoundaries,5}");
}
