namespace Frugal.Core.Privacy.Checksums;

/// <summary>
/// Unified social credit codes (GB 32100-2015): 18 characters from a 31-character alphabet (digits and upper-case
/// letters without I, O, Z, S, V); characters 3–8 are the region (digits); the last is a weighted mod-31 check.
/// </summary>
public static class UnifiedSocialCreditCode
{
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Value of a character in the alphabet, -1 when it is not one.</summary>
    public static int ValueOf(char c) => Alphabet.IndexOf(c, StringComparison.Ordinal);

    /// <summary>The shape: 18 alphabet characters with a numeric region (characters 3–8).</summary>
    public static bool HasShape(ReadOnlySpan<char> code)
    {
        if (code.Length != 18)
        {
            return false;
        }

        for (var i = 0; i < 18; i++)
        {
            if (ValueOf(code[i]) < 0 || (i is >= 2 and <= 7 && !char.IsAsciiDigit(code[i])))
            {
                return false;
            }
        }

        return true;
    }

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += ValueOf(first17[i]) * Weights[i];
        }

        return Alphabet[(31 - (sum % 31)) % 31];
    }

    /// <summary>Shape and check character both right.</summary>
    public static bool IsValid(ReadOnlySpan<char> code) => HasShape(code) && CheckCharacter(code) == code[17];
}
