using System.Text.RegularExpressions;
using Frugal.Core.Privacy.Checksums;

namespace Frugal.Core.Privacy.Detectors;

/// <summary>
/// Unified social credit codes (统一社会信用代码). A right check character gives a high score; a wrong one only
/// lowers it (some issued codes fail the check), so a code with a context word nearby is still masked.
/// </summary>
public sealed partial class CnUsccDetector : IPiiDetector
{
    private const double Checked = 0.85;
    private const double FailedCheck = 0.2;

    public PiiEntityType Entity => PiiEntityType.CnUscc;

    public IReadOnlyList<string> ContextWords { get; } = ["信用代码", "社会信用", "统一代码", "营业执照", "纳税人识别号", "税号", "uscc", "credit code"];

    [GeneratedRegex(@"[0-9A-HJ-NP-RTUW-Y](?<![0-9A-Za-z].)[0-9A-HJ-NP-RTUW-Y]\d{6}[0-9A-HJ-NP-RTUW-Y]{10}(?![0-9A-Za-z])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Candidates();

    public void Detect(string text, List<PiiFinding> findings)
    {
        foreach (var match in Candidates().EnumerateMatches(text))
        {
            var span = text.AsSpan(match.Index, match.Length);
            if (UnifiedSocialCreditCode.HasShape(span))
            {
                findings.Add(new PiiFinding(match.Index, match.Length, Entity, UnifiedSocialCreditCode.IsValid(span) ? Checked : FailedCheck));
            }
        }
    }
}
