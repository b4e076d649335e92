using System.Globalization;

namespace Frugal.Core.Caching.Semantic.Verification;

/// <summary>Facts of runs of Han, kana and Hangul, matched by dictionary since those scripts have no spaces.</summary>
internal sealed partial class VerifierFactsBuilder
{
    private void OnCjk(string run)
    {
        var i = 0;
        while (i < run.Length)
        {
            if (TryMatch(run, i, CjkLexicon.Questions, _questions, out var length) || TryMatch(run, i, CjkLexicon.Dates, _dates, out length)
                || TryMatch(run, i, CjkLexicon.Units, _units, out length))
            {
                i += length;
                continue;
            }

            if (TryMatchOpposite(run, i, out length))
            {
                i += length;
                continue;
            }

            var c = run[i];
            if (CjkLexicon.NegationChars.Contains(c, StringComparison.Ordinal) || StartsWithAny(run, i, CjkLexicon.NegationWords))
            {
                _negated = true;
                i++;
                continue;
            }

            if (CjkLexicon.NumeralChars.Contains(c, StringComparison.Ordinal))
            {
                var start = i;
                while (i < run.Length && CjkLexicon.NumeralChars.Contains(run[i], StringComparison.Ordinal))
                {
                    i++;
                }

                // A lone 一 is usually "a"/"one" inside a word (一下, 一些, 一样), not a quantity.
                if (i - start > 1 || run[start] != '一')
                {
                    _numbers.Add(CjkNumber(run.AsSpan(start, i - start)).ToString(CultureInfo.InvariantCulture));
                }

                continue;
            }

            i++;
        }
    }

    private static bool TryMatch(string run, int at, (string Word, string Canonical)[] table, SortedSet<string> target, out int length)
    {
        foreach (var (word, canonical) in table)
        {
            if (at + word.Length <= run.Length && string.CompareOrdinal(run, at, word, 0, word.Length) == 0)
            {
                target.Add(canonical);
                length = word.Length;
                return true;
            }
        }

        length = 0;
        return false;
    }

    private bool TryMatchOpposite(string run, int at, out int length)
    {
        for (var pair = 0; pair < VerifierLexicon.Opposites.Length; pair++)
        {
            var (name, left, right) = VerifierLexicon.Opposites[pair];
            if (!name.StartsWith("(CJK)", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var (words, isLeft) in new[] { (left, true), (right, false) })
            {
                foreach (var word in words)
                {
                    if (at + word.Length <= run.Length && string.CompareOrdinal(run, at, word, 0, word.Length) == 0)
                    {
                        if (isLeft)
                        {
                            _left |= 1UL << pair;
                        }
                        else
                        {
                            _right |= 1UL << pair;
                        }

                        length = word.Length;
                        return true;
                    }
                }
            }
        }

        length = 0;
        return false;
    }

    private static bool StartsWithAny(string run, int at, string[] words)
    {
        foreach (var word in words)
        {
            if (at + word.Length <= run.Length && string.CompareOrdinal(run, at, word, 0, word.Length) == 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>三十五 → 35, 两百 → 200, 一万二千 → 12000; digits alone (二〇二四) read positionally.</summary>
    private static long CjkNumber(ReadOnlySpan<char> numeral)
    {
        var positional = true;
        foreach (var c in numeral)
        {
            positional &= CjkLexicon.NumeralValue(c) >= 0;
        }

        long total = 0, section = 0, digit = 0;
        foreach (var c in numeral)
        {
            var value = CjkLexicon.NumeralValue(c);
            if (positional)
            {
                total = (total * 10) + value;
                continue;
            }

            if (value >= 0)
            {
                digit = value;
                continue;
            }

            var multiplier = CjkLexicon.Multiplier(c);
            if (multiplier >= 10_000)
            {
                total += (section + digit) * multiplier;
                section = 0;
            }
            else
            {
                section += Math.Max(digit, 1) * multiplier;
            }

            digit = 0;
        }

        return total + section + digit;
    }
}
