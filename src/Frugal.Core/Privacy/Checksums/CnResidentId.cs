namespace Frugal.Core.Privacy.Checksums;

/// <summary>
/// Mainland-China resident identity numbers (GB 11643-1999): 18 characters = 6-digit region, 8-digit birth date,
/// 3-digit sequence, ISO 7064 MOD 11-2 check character (0-9 or X); the legacy 15-digit form has a 6-digit date
/// (19YYMMDD) and no check character.
/// </summary>
public static class CnResidentId
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>First two digits of the region code: provinces, municipalities and autonomous regions (+ HK/MO/TW permits).</summary>
    public static bool IsProvince(int code) => code is (>= 11 and <= 15) or (>= 21 and <= 23) or (>= 31 and <= 37) or (>= 41 and <= 46)
        or (>= 50 and <= 54) or (>= 61 and <= 65) or 71 or 81 or 82 or 83;

    /// <summary>The ISO 7064 MOD 11-2 check character of the first 17 digits.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    /// <summary>18-character form: digits, valid province, real birth date (1900 – 2099), matching check character.</summary>
    public static bool IsValid18(ReadOnlySpan<char> id)
    {
        if (id.Length != 18 || !AllDigits(id[..17]) || !(char.IsAsciiDigit(id[17]) || id[17] is 'X' or 'x'))
        {
            return false;
        }

        return IsProvince(Two(id, 0)) && IsDate(Two(id, 6) * 100 + Two(id, 8), Two(id, 10), Two(id, 12))
            && CheckCharacter(id) == char.ToUpperInvariant(id[17]);
    }

    /// <summary>Legacy 15-digit form: valid province and birth date 19YYMMDD (no check character exists).</summary>
    public static bool IsValid15(ReadOnlySpan<char> id)
        => id.Length == 15 && AllDigits(id) && IsProvince(Two(id, 0)) && IsDate(1900 + Two(id, 6), Two(id, 8), Two(id, 10));

    private static bool IsDate(int year, int month, int day)
        => year is >= 1900 and <= 2099 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);

    private static int Two(ReadOnlySpan<char> s, int at) => ((s[at] - '0') * 10) + (s[at + 1] - '0');

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
