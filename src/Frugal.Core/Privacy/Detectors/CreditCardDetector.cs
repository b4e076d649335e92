using System.Text.RegularExpressions;
using Frugal.Core.Privacy.Checksums;

namespace Frugal.Core.Privacy.Detectors;

/// <summary>
/// Payment cards: 12–19 digits, plain or in groups; the Luhn check decides. A card network prefix (Visa 4, Mastercard
/// 51–55/22–27, Amex 34/37, Discover 6011/64/65, JCB 35, Diners 30/36/38, UnionPay 62, Maestro 50/56–58/6) raises the
/// score. UnionPay numbers (62…, 16–19 digits) that fail Luhn keep a low score that context words ("卡号", "card")
/// lift over the threshold: not every issued UnionPay number passes Luhn.
/// </summary>
public sealed partial class CreditCardDetector : IPiiDetector
{
    private const double LuhnAndNetwork = 0.85;
    private const double LuhnOnly = 0.45;
    private const double UnionPayWithoutLuhn = 0.2;

    public PiiEntityType Entity => PiiEntityType.CreditCard;

    public IReadOnlyList<string> ContextWords { get; } =
        ["card", "credit", "debit", "visa", "mastercard", "amex", "unionpay", "payment", "卡号", "银行卡", "信用卡", "借记卡", "银联", "储蓄卡"];

    [GeneratedRegex(@"\d(?<![0-9A-Za-z.-]\d)(?:\d{3}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,3})?|\d{3}[ -]\d{6}[ -]\d{4,5}|\d{11,18})(?![0-9A-Za-z]|[.-]\d)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Candidates();

    public void Detect(string text, List<PiiFinding> findings)
    {
        foreach (var match in Candidates().EnumerateMatches(text))
        {
            var span = text.AsSpan(match.Index, match.Length);
            var digits = CountDigits(span);
            if (digits is < 12 or > 19)
            {
                continue;
            }

            var score = Luhn.IsValid(span)
                ? (HasNetworkPrefix(span, digits) ? LuhnAndNetwork : LuhnOnly)
                : (span.StartsWith("62", StringComparison.Ordinal) && digits >= 16 ? UnionPayWithoutLuhn : 0);
            if (score > 0)
            {
                findings.Add(new PiiFinding(match.Index, match.Length, Entity, score));
            }
        }
    }

    private static int CountDigits(ReadOnlySpan<char> span)
    {
        var count = 0;
        foreach (var c in span)
        {
            if (char.IsAsciiDigit(c))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>A card network's prefix with a length that network issues (Visa 4: 13/16/19; Amex 34/37: 15; …).</summary>
    private static bool HasNetworkPrefix(ReadOnlySpan<char> span, int digits)
    {
        var two = ((span[0] - '0') * 10) + (span[1] - '0');
        return two switch
        {
            >= 40 and <= 49 => digits is 13 or 16 or 19,
            34 or 37 => digits == 15,
            (>= 51 and <= 55) or (>= 22 and <= 27) => digits == 16,
            18 or 21 => digits == 15,
            35 or 60 or 64 or 65 or 62 => digits is >= 16 and <= 19,
            30 or 36 or 38 or 39 => digits is >= 14 and <= 19,
            50 or (>= 56 and <= 58) or (>= 61 and <= 69) => digits is >= 12 and <= 19, // Maestro
            _ => false,
        };
    }
}
