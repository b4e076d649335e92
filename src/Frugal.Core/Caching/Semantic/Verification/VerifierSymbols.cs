using Frugal.Core.Text;

namespace Frugal.Core.Caching.Semantic.Verification;

/// <summary>
/// The symbols that carry meaning in a text, for <see cref="SemanticVerifier"/>: "= vs ==" and
/// "() vs []" embed almost alike but ask different questions. A run of symbol characters (no
/// letters, digits, spaces or quotes) is kept unless it is prose punctuation: a "?" or "," after
/// a word, a full stop at the end, a dash or ellipsis, a parenthesis opening or closing an aside
/// ("my card (visa) was declined"). A bracket touching a word from the outside is syntax
/// ("f(x)", "arr[0]") and is kept. Single currency/percent/degree signs are left to the units,
/// and a single operator next to a number to the numbers ("2+3"). Emoji (characters outside the
/// basic plane) are decoration, not symbols. Hand-written scans, no regex: this runs for every
/// query that reaches the semantic cache.
/// </summary>
internal static class VerifierSymbols
{
    /// <summary>True for a character that ends a symbol run: letters, digits, spaces, CJK, quotes, '_'.</summary>
    public static bool IsRunChar(char c) =>
        !char.IsWhiteSpace(c) && !char.IsLetterOrDigit(c) && !Scripts.IsCjk(c) && c != '_' && !IsQuote(c) && !IsDecoration(c);

    /// <summary>Quote marks: they delimit quoted text (collected by <see cref="CollectQuoted"/>), they are not symbols.</summary>
    public static bool IsQuote(char c) => c is '"' or '\'' or '`' or '“' or '”' or '‘' or '’' or '«' or '»' or '„';

    /// <summary>
    /// Adds the meaning-carrying symbol of the run text[start..end) to <paramref name="symbols"/>, if it has one.
    /// <paramref name="afterNumber"/>: the token before the run is a number.
    /// </summary>
    public static void AddRun(string text, int start, int end, bool afterNumber, SortedSet<string> symbols)
    {
        var attachedLeft = start > 0 && IsWordChar(text[start - 1]);
        var attachedRight = end < text.Length && IsWordChar(text[end]);
        var first = start;
        var last = end;
        if (!attachedLeft && !attachedRight && !AtEnd(text, end))
        {
            // A standalone run ("what does ?? mean", "~ vs ✢") is a mention of the symbol itself,
            // unless it is a dash or an ellipsis between clauses.
            if (IsDashOrEllipsis(text, start, end))
            {
                return;
            }
        }
        else
        {
            while (last > first && !attachedRight && IsProse(text[last - 1]))
            {
                last--;
            }

            while (first < last && !attachedLeft && IsProse(text[first]))
            {
                first++;
            }

            if (last - first == 0 || (last - first == 1 && attachedLeft && attachedRight && IsProse(text[first])))
            {
                return; // "word?", "done.", "a,b", "10:30" left over
            }
        }

        if (last - first == 1)
        {
            var c = TextFolding.FoldWidth(text[first]);
            if (VerifierLexicon.UnitSymbols.ContainsKey(c)
                || (c is '(' or '[' or '{' && !(first == start && attachedLeft))
                || (c is ')' or ']' or '}' && !(last == end && attachedRight))
                || (IsOperator(c) && (afterNumber || NextIsDigit(text, last))))
            {
                return;
            }
        }

        symbols.Add(Canonical(text.AsSpan(first, last - first)));
    }

    /// <summary>
    /// Text between matching quotes ("…", “…”, «…», `…`, and '…' where the apostrophe is not inside a
    /// word), trimmed and lower-cased: the quoted string is what the question is about.
    /// </summary>
    public static void CollectQuoted(string text, SortedSet<string> quoted)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = TextFolding.FoldWidth(text[i]);
            var single = c is '\'' or '‘';
            if (!IsQuote(c) || c is '”' or '»' or '’' || (single && i > 0 && char.IsLetterOrDigit(text[i - 1])))
            {
                continue;
            }

            var close = FindClose(text, i + 1, c, single);
            if (close < 0)
            {
                continue;
            }

            var content = text.AsSpan(i + 1, close - i - 1).Trim();
            if (!content.IsEmpty)
            {
                quoted.Add(content.ToString().ToLowerInvariant());
            }

            i = close;
        }
    }

    /// <summary>"--verbose", "-la": an option flag after a space. Returns the end of the flag, or -1.</summary>
    public static int FlagEnd(string text, int i)
    {
        if (text[i] != '-' || (i > 0 && !char.IsWhiteSpace(text[i - 1]) && text[i - 1] is not ('(' or '[' or '`' or '"' or '\'')))
        {
            return -1;
        }

        var j = i + 1;
        if (j < text.Length && text[j] == '-')
        {
            j++;
        }

        if (j >= text.Length || !char.IsAsciiLetter(text[j]))
        {
            return -1;
        }

        while (j < text.Length && (char.IsAsciiLetterOrDigit(text[j]) || text[j] is '-' or '_'))
        {
            j++;
        }

        return j;
    }

    private static int FindClose(string text, int from, char open, bool single)
    {
        const int MaxQuoted = 200;
        for (var j = from; j < text.Length && j - from <= MaxQuoted; j++)
        {
            var c = TextFolding.FoldWidth(text[j]);
            if (c is '\n' or '\r')
            {
                return -1;
            }

            var closes = open switch
            {
                '"' => c == '"',
                '“' or '„' => c is '”' or '“' or '"',
                '«' => c == '»',
                '`' => c == '`',
                _ => c is '\'' or '’',
            };
            if (closes && !(single && j + 1 < text.Length && char.IsLetter(text[j + 1])))
            {
                return j;
            }
        }

        return -1;
    }

    private static string Canonical(ReadOnlySpan<char> run)
    {
        var buffer = run.Length <= 64 ? stackalloc char[64] : new char[run.Length];
        var written = 0;
        foreach (var raw in run)
        {
            var c = TextFolding.FoldWidth(raw);
            buffer[written++] = c switch { '−' => '-', '×' => '*', '÷' => '/', _ => c };
        }

        return new string(buffer[..written]);
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_' || Scripts.IsCjk(c);

    private static bool IsOperator(char c) => c is '+' or '-' or '−' or '*' or '×' or '÷' or '/' or '=' or '^' or '<' or '>';

    // Sentence punctuation, dashes and CJK punctuation (U+3000..U+303F): part of the prose, not a symbol.
    private static bool IsProse(char c)
    {
        c = TextFolding.FoldWidth(c);
        return c is '.' or ',' or ';' or ':' or '?' or '!' or '…' or '—' or '–' or '¿' or '¡' or (>= '\u3000' and <= '\u303F');
    }

    // " - ", " — ", " … ", " ... " between clauses; a lone "." is a mention ("what does . match").
    private static bool IsDashOrEllipsis(string text, int start, int end)
    {
        var dots = 0;
        for (var i = start; i < end; i++)
        {
            var c = TextFolding.FoldWidth(text[i]);
            if (c == '.')
            {
                dots++;
            }
            else if (c is not ('-' or '—' or '–' or '…'))
            {
                return false;
            }
        }

        return dots != 1 || end - start > 1;
    }

    // Emoji live outside the basic plane (surrogates) or are joined by U+200D / varied by U+FE0F.
    private static bool IsDecoration(char c) => char.IsSurrogate(c) || c is '\u200D' or '\uFE0F' or '\uFE0E';

    private static bool AtEnd(string text, int end)
    {
        for (var i = end; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i]) && !IsQuote(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool NextIsDigit(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                return char.IsDigit(text[i]);
            }
        }

        return false;
    }
}
