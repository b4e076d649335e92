using System.Collections.Frozen;

namespace Frugal.Core.Privacy.Checksums;

/// <summary>IBAN validation (ISO 13616): the country's registered length, then mod-97 over the rearranged characters.</summary>
public static class IbanChecksum
{
    /// <summary>Length of an IBAN per country code (SWIFT IBAN registry).</summary>
    private static readonly FrozenDictionary<string, int> Lengths = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["AD"] = 24,
        ["AE"] = 23,
        ["AL"] = 28,
        ["AT"] = 20,
        ["AZ"] = 28,
        ["BA"] = 20,
        ["BE"] = 16,
        ["BG"] = 22,
        ["BH"] = 22,
        ["BR"] = 29,
        ["BY"] = 28,
        ["CH"] = 21,
        ["CR"] = 22,
        ["CY"] = 28,
        ["CZ"] = 24,
        ["DE"] = 22,
        ["DK"] = 18,
        ["DO"] = 28,
        ["EE"] = 20,
        ["EG"] = 29,
        ["ES"] = 24,
        ["FI"] = 18,
        ["FO"] = 18,
        ["FR"] = 27,
        ["GB"] = 22,
        ["GE"] = 22,
        ["GI"] = 23,
        ["GL"] = 18,
        ["GR"] = 27,
        ["GT"] = 28,
        ["HR"] = 21,
        ["HU"] = 28,
        ["IE"] = 22,
        ["IL"] = 23,
        ["IQ"] = 23,
        ["IS"] = 26,
        ["IT"] = 27,
        ["JO"] = 30,
        ["KW"] = 30,
        ["KZ"] = 20,
        ["LB"] = 28,
        ["LC"] = 32,
        ["LI"] = 21,
        ["LT"] = 20,
        ["LU"] = 20,
        ["LV"] = 21,
        ["MC"] = 27,
        ["MD"] = 24,
        ["ME"] = 22,
        ["MK"] = 19,
        ["MR"] = 27,
        ["MT"] = 31,
        ["MU"] = 30,
        ["NL"] = 18,
        ["NO"] = 15,
        ["PK"] = 24,
        ["PL"] = 28,
        ["PS"] = 29,
        ["PT"] = 25,
        ["QA"] = 29,
        ["RO"] = 24,
        ["RS"] = 22,
        ["SA"] = 24,
        ["SC"] = 31,
        ["SE"] = 24,
        ["SI"] = 19,
        ["SK"] = 24,
        ["SM"] = 27,
        ["ST"] = 25,
        ["SV"] = 28,
        ["TL"] = 23,
        ["TN"] = 24,
        ["TR"] = 26,
        ["UA"] = 29,
        ["VA"] = 22,
        ["VG"] = 24,
        ["XK"] = 20,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>True for a valid IBAN; spaces are ignored, letters in either case.</summary>
    public static bool IsValid(ReadOnlySpan<char> text)
    {
        Span<char> iban = stackalloc char[34];
        var length = 0;
        foreach (var c in text)
        {
            if (c == ' ')
            {
                continue;
            }

            if (length == iban.Length || !char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }

            iban[length++] = char.ToUpperInvariant(c);
        }

        if (length < 15 || !char.IsAsciiLetter(iban[0]) || !char.IsAsciiLetter(iban[1]) || !char.IsAsciiDigit(iban[2]) || !char.IsAsciiDigit(iban[3]))
        {
            return false;
        }

        var lookup = Lengths.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(iban[..2], out var expected) || expected != length)
        {
            return false;
        }

        var remainder = 0;
        for (var i = 0; i < length; i++)
        {
            var c = iban[(i + 4) % length];
            remainder = char.IsAsciiDigit(c)
                ? ((remainder * 10) + (c - '0')) % 97
                : ((remainder * 100) + (c - 'A' + 10)) % 97;
        }

        return remainder == 1;
    }
}
