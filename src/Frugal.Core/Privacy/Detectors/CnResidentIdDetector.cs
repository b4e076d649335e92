using System.Text.RegularExpressions;
using Frugal.Core.Privacy.Checksums;

namespace Frugal.Core.Privacy.Detectors;

/// <summary>
/// Mainland-China resident identity numbers: the 18-character form must have a real province, birth date and the
/// MOD 11-2 check character (then it is near certain); the legacy 15-digit form has no check character, so a valid
/// province and date are all it can show: about 1 % of random 15-digit numbers pass them, enough to act on at the
/// threshold (a context word such as "身份证" makes it near certain).
/// </summary>
public sealed partial class CnResidentIdDetector : IPiiDetector
{
    private const double Checked18 = 0.95;
    private const double Legacy15 = 0.55;

    public PiiEntityType Entity => PiiEntityType.CnResidentId;

    public IReadOnlyList<string> ContextWords { get; } = ["身份证", "身份号", "证件号", "公民身份", "id card", "identity", "resident id", "national id"];

    [GeneratedRegex(@"\d(?<![0-9A-Za-z]\d)(?:\d{16}[\dXx]|\d{14})(?![0-9A-Za-z])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Candidates();

    public void Detect(string text, List<PiiFinding> findings)
    {
        foreach (var match in Candidates().EnumerateMatches(text))
        {
            var span = text.AsSpan(match.Index, match.Length);
            var score = span.Length == 18 ? (CnResidentId.IsValid18(span) ? Checked18 : 0) : (CnResidentId.IsValid15(span) ? Legacy15 : 0);
            if (score > 0)
            {
                findings.Add(new PiiFinding(match.Index, match.Length, Entity, score));
            }
        }
    }
}
