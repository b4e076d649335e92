namespace Frugal.Core.Privacy.Checksums;

/// <summary>The Luhn (mod 10) check of payment card numbers, over the digits of a span (separators skipped).</summary>
public static class Luhn
{
    public static bool IsValid(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var count = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var c = digits[i];
            if (c is < '0' or > '9')
            {
                continue;
            }

            var d = c - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
            count++;
        }

        return count > 1 && sum % 10 == 0;
    }
}
