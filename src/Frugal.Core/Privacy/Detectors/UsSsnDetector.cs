using System.Text.RegularExpressions;

namespace Frugal.Core.Privacy.Detectors;

/// <summary>
/// US social security numbers in the AAA-GG-SSSS form (dashes or spaces) with the SSA's structural rules: area not
/// 000, 666 or 9xx, group not 00, serial not 0000. Nine bare digits only count with a context word.
/// </summary>
public sealed partial class UsSsnDetector : IPiiDetector
{
    private const double Separated = 0.6;
    private const double Bare = 0.2;

    public PiiEntityType Entity => PiiEntityType.UsSsn;

    public IReadOnlyList<string> ContextWords { get; } = ["ssn", "social security", "social sec", "ss#", "ss #", "taxpayer"];

    [GeneratedRegex(@"\d(?<![0-9A-Za-z-]\d)(\d{2})([- ]?)(\d{2})\2(\d{4})(?![0-9A-Za-z]|-\d)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Candidates();

    public void Detect(string text, List<PiiFinding> findings)
    {
        foreach (Match match in Candidates().Matches(text))
        {
            var area = int.Parse(match.ValueSpan[..3], System.Globalization.CultureInfo.InvariantCulture);
            if (area is 0 or 666 or >= 900 || match.Groups[3].ValueSpan is "00" || match.Groups[4].ValueSpan is "0000")
            {
                continue;
            }

            findings.Add(new PiiFinding(match.Index, match.Length, Entity, match.Groups[2].Length > 0 ? Separated : Bare));
        }
    }
}
