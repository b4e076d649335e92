using System.Text.RegularExpressions;
using PhoneNumbers;

namespace Frugal.Core.Privacy.Detectors;

/// <summary>
/// Phone numbers: a fast pattern finds digit groups that look like a number (7–15 digits, optional +/00 prefix,
/// brackets, dots, dashes, an extension), then libphonenumber confirms the candidate — as an international number,
/// else as a national number of a list of regions. A number valid in a region scores above the threshold (a
/// mainland-China mobile highest); one that is only "possible" needs a context word ("phone", "电话", "手机").
/// Next to Chinese text a national number is read as a Chinese one only, and must be valid: a mistyped mainland
/// mobile (12x…) would otherwise pass as a North American number with its trunk prefix.
/// </summary>
public sealed partial class PhoneDetector : IPiiDetector
{
    private const double CnMobile = 0.8;
    private const double Valid = 0.55;
    private const double Possible = 0.3;
    private const int MinDigits = 7;
    private const int MaxDigits = 15;
    private const int MaxNationalDigits = 12;
    private const int ScriptWindow = 8;

    /// <summary>
    /// Regions a national number is tried in, in order; the first where it is valid wins. Germany, Austria and Italy
    /// are left out: their variable-length plans make almost any 7–12 digit group valid (IBAN tails, order numbers).
    /// </summary>
    private static readonly string[] Regions = ["US", "GB", "CN", "FR", "AU", "IN", "SE", "CH", "BE", "NL", "ES", "BR", "IE", "NZ", "DK", "NO", "FI", "PL", "JP", "HK", "SG"];

    /// <summary>Where a national number next to Chinese text is tried.</summary>
    private static readonly string[] ChineseRegions = ["CN", "HK", "MO", "TW"];

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public PiiEntityType Entity => PiiEntityType.Phone;

    public IReadOnlyList<string> ContextWords { get; } =
        ["phone", "tel", "call", "mobile", "cell", "fax", "contact", "reach", "number", "whatsapp", "sms", "text me", "电话", "手机", "联系", "致电", "号码", "座机", "来电"];

    [GeneratedRegex(@"[+(\d](?<![0-9A-Za-z+][+(\d])[\d ().\-]{5,26}\d(?:[ ]?(?:x|ext\.?|#)[ ]?\d{1,6})?(?![0-9A-Za-z])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Candidates();

    /// <summary>An ISO date (and the hour of a time after it) looks like a dialled number to libphonenumber.</summary>
    [GeneratedRegex(@"^(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex IsoDate();

    /// <summary>AAA-GG-SSSS is the SSN's shape (the SSN detector judges it), not a way numbers are dialled.</summary>
    [GeneratedRegex(@"^\d{3}-\d{2}-\d{4}$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex SsnShape();

    /// <summary>Four dotted groups: an IPv4 address (the IP detector's), not a phone number.</summary>
    [GeneratedRegex(@"^\d{1,3}(?:\.\d{1,3}){3}$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex DottedQuad();

    public void Detect(string text, List<PiiFinding> findings)
    {
        foreach (var match in Candidates().EnumerateMatches(text))
        {
            var span = text.AsSpan(match.Index, match.Length);
            if (IsoDate().IsMatch(span) || SsnShape().IsMatch(span) || DottedQuad().IsMatch(span))
            {
                continue;
            }

            var candidate = text.Substring(match.Index, match.Length);
            var score = Score(candidate, NearChinese(text, match.Index, match.Length));
            if (score > 0)
            {
                findings.Add(new PiiFinding(match.Index, match.Length, Entity, score));
            }
        }
    }

    /// <summary>The score of a candidate (0 = not a phone number); <paramref name="chinese"/>: it stands in Chinese text.</summary>
    public static double Score(string candidate, bool chinese = false)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var digits = 0;
        foreach (var c in candidate)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is 'x' or 'e' or '#')
            {
                break;
            }
        }

        if (digits is < MinDigits or > MaxDigits + 2)
        {
            return 0;
        }

        var international = candidate.StartsWith('+') || candidate.StartsWith("00", StringComparison.Ordinal);
        if (!international && digits > MaxNationalDigits)
        {
            return 0; // 13+ digits without a country code: an ID, an account, a card — not a dialled number
        }
        var possible = false;
        if (international)
        {
            if (TryParse(candidate.StartsWith('+') ? candidate : "+" + candidate[2..], "ZZ") is { } number)
            {
                if (Util.IsValidNumber(number))
                {
                    return IsCnMobile(number) ? CnMobile : Valid;
                }

                possible = Util.IsPossibleNumber(number);
            }

            return possible && !chinese ? Possible : 0;
        }

        foreach (var region in chinese ? ChineseRegions : Regions)
        {
            if (TryParse(candidate, region) is not { } number)
            {
                continue;
            }

            if (Util.IsValidNumber(number))
            {
                return IsCnMobile(number) ? CnMobile : Valid;
            }

            possible = possible || Util.IsPossibleNumber(number);
        }

        return possible && !chinese ? Possible : 0;
    }

    /// <summary>Chinese characters right before or after the candidate.</summary>
    private static bool NearChinese(string text, int start, int length)
    {
        var from = Math.Max(0, start - ScriptWindow);
        var to = Math.Min(text.Length, start + length + ScriptWindow);
        for (var i = from; i < to; i++)
        {
            if (Frugal.Core.Text.Scripts.IsCjk(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCnMobile(PhoneNumber number) => number.CountryCode == 86 && Util.GetNumberType(number) == PhoneNumberType.MOBILE;

    private static PhoneNumber? TryParse(string candidate, string region)
    {
        try
        {
            return Util.Parse(candidate, region);
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
