namespace Frugal.Core.Text;

/// <summary>
/// Compatibility folding that embedders and the verifier share: full-width ASCII to ASCII,
/// the ideographic space to a space, half-width katakana to full-width (merging the voiced
/// marks), Latin accents dropped, and lower case. It stands in for NFKC because the project
/// runs with InvariantGlobalization, where <see cref="string.Normalize()"/> does nothing.
/// </summary>
internal static class TextFolding
{
    // Base letters for U+00C0..U+017F (Latin-1 Supplement letters and Latin Extended-A), lower case.
    // Generated once from Unicode's decompositions; × and ÷ map to themselves.
    private const string LatinBase =
        "aaaaaaæceeeeiiiiðnooooo×øuuuuyþßaaaaaaæceeeeiiiiðnooooo÷øuuuuyþy" +
        "aaaaaaccccccccddđđeeeeeeeeeegggggggghhħħiiiiiiiiiıĳĳjjkkĸllllllŀŀłłnnnnnnŉŋŋooooooœœrrrrrrssssssssttttŧŧuuuuuuuuuuuuwwyyyzzzzzzs";

    // NFKC of U+FF61..U+FF9D (half-width punctuation and katakana).
    private const string HalfWidthKana =
        "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";

    /// <summary>Full-width ASCII and the ideographic space to ASCII; everything else unchanged.</summary>
    public static char FoldWidth(char c) => c switch
    {
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
        '\u3000' => ' ',
        _ => c,
    };

    /// <summary>
    /// Folds <paramref name="source"/> into <paramref name="destination"/> (at least as long)
    /// and returns the number of chars written, which is never more than the source length.
    /// </summary>
    public static int Fold(ReadOnlySpan<char> source, Span<char> destination)
    {
        var written = 0;
        foreach (var raw in source)
        {
            var c = FoldWidth(raw);
            if (c < 0x80)
            {
                destination[written++] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
                continue;
            }

            if (c is >= '\u00C0' and <= '\u017F')
            {
                destination[written++] = LatinBase[c - 0xC0];
                continue;
            }

            if (c is >= '\u0300' and <= '\u036F')
            {
                continue; // a decomposed accent: drop it, as the composed letters lose theirs above
            }

            if (c is >= '\uFF61' and <= '\uFF9D')
            {
                destination[written++] = HalfWidthKana[c - 0xFF61];
                continue;
            }

            if (c is '\uFF9E' or '\uFF9F')
            {
                // Half-width (semi-)voiced mark: merge it into the katakana before it when that has a voiced form.
                if (written > 0 && TryVoice(destination[written - 1], c == '\uFF9F', out var voiced))
                {
                    destination[written - 1] = voiced;
                }

                continue;
            }

            destination[written++] = char.ToLowerInvariant(c);
        }

        return written;
    }

    private static bool TryVoice(char kana, bool semi, out char voiced)
    {
        voiced = kana;
        if (semi)
        {
            // ハ ヒ フ ヘ ホ → パ ピ プ ペ ポ
            if (kana is 'ハ' or 'ヒ' or 'フ' or 'ヘ' or 'ホ')
            {
                voiced = (char)(kana + 2);
                return true;
            }

            return false;
        }

        if (kana == 'ウ')
        {
            voiced = 'ヴ';
            return true;
        }

        // カ..ト take the voiced form at +1 on every other code point; ハ..ホ at +1 of every third.
        var even = kana is (>= 'カ' and <= 'チ') && (kana - 'カ') % 2 == 0;
        var tsuTo = kana is 'ツ' or 'テ' or 'ト';
        var ha = kana is 'ハ' or 'ヒ' or 'フ' or 'ヘ' or 'ホ';
        if (even || tsuTo || ha)
        {
            voiced = (char)(kana + 1);
            return true;
        }

        return false;
    }
}
