using System.Text.RegularExpressions;
using Frugal.Core.Privacy.Checksums;

namespace Frugal.Core.Privacy.Detectors;

/// <summary>IBANs, plain or in groups of four, either case: the country's length and mod-97 must both hold.</summary>
public sealed partial class IbanDetector : IPiiDetector
{
    private const double Score = 0.95;

    public PiiEntityType Entity => PiiEntityType.Iban;

    public IReadOnlyList<string> ContextWords { get; } = ["iban", "bank", "account", "transfer", "账户", "账号", "银行"];

    [GeneratedRegex(@"[A-Za-z](?<![0-9A-Za-z][A-Za-z])[A-Za-z]\d{2}(?:[ ]?[0-9A-Za-z]{4}){2,7}(?:[ ]?[0-9A-Za-z]{1,3})?(?![0-9A-Za-z])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Candidates();

    public void Detect(string text, List<PiiFinding> findings)
    {
        foreach (var match in Candidates().EnumerateMatches(text))
        {
            if (IbanChecksum.IsValid(text.AsSpan(match.Index, match.Length)))
            {
                findings.Add(new PiiFinding(match.Index, match.Length, Entity, Score));
            }
        }
    }
}
