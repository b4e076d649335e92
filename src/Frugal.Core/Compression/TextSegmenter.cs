namespace Frugal.Core.Compression;

/// <summary>
/// Splits a text into <see cref="TextUnit"/>s for query-aware selection. Paragraphs (blank-line separated) are
/// passages; prose is cut into lines and sentences; fenced code (``` or ~~~), tables (lines starting with '|'),
/// JSON paragraphs, indented lines and <c>&lt;pre&gt;</c> blocks are atomic units, so selection never cuts inside them.
/// Text between <see cref="CompressionMarkers.KeepOpen"/> and <see cref="CompressionMarkers.KeepClose"/> is one
/// unit that is always kept (the markers themselves are left out of every unit).
/// </summary>
public static class TextSegmenter
{
    /// <summary>A sentence longer than this is cut at a space, so one run-on line cannot take a whole budget.</summary>
    public const int MaxUnitCharacters = 600;

    public static void Split(string text, List<TextUnit> units)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(units);
        if (!text.Contains(CompressionMarkers.CompressOpen, StringComparison.Ordinal))
        {
            SplitRegion(text, 0, text.Length, 0, units);
            return;
        }

        // The client marked what may be compressed: everything outside the marked regions is kept as it is.
        var block = 0;
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf(CompressionMarkers.CompressOpen, position, StringComparison.Ordinal);
            var outsideEnd = open < 0 ? text.Length : open;
            if (outsideEnd > position && !text.AsSpan(position, outsideEnd - position).IsWhiteSpace())
            {
                units.Add(new TextUnit(position, outsideEnd - position, block++, Atomic: true, Keep: true));
            }

            if (open < 0)
            {
                break;
            }

            var inner = open + CompressionMarkers.CompressOpen.Length;
            var close = text.IndexOf(CompressionMarkers.CompressClose, inner, StringComparison.Ordinal);
            var innerEnd = close < 0 ? text.Length : close;
            block = SplitRegion(text, inner, innerEnd, block, units);
            position = close < 0 ? text.Length : close + CompressionMarkers.CompressClose.Length;
        }
    }

    /// <summary>Units of text[start..end), honouring keep markers; returns the next free block number.</summary>
    private static int SplitRegion(string text, int start, int stop, int block, List<TextUnit> units)
    {
        var position = start;
        while (position < stop)
        {
            var keep = text.IndexOf(CompressionMarkers.KeepOpen, position, stop - position, StringComparison.Ordinal);
            var end = keep < 0 ? stop : keep;
            block = SplitFree(text, position, end, block, units);
            if (keep < 0)
            {
                break;
            }

            var inner = keep + CompressionMarkers.KeepOpen.Length;
            var close = text.IndexOf(CompressionMarkers.KeepClose, inner, stop - inner, StringComparison.Ordinal);
            var innerEnd = close < 0 ? stop : close;
            if (innerEnd > inner)
            {
                units.Add(new TextUnit(inner, innerEnd - inner, block, Atomic: true, Keep: true));
            }

            block++;
            position = close < 0 ? stop : close + CompressionMarkers.KeepClose.Length;
        }

        return block;
    }

    /// <summary>Units of text[start..end) (no keep markers inside); returns the next free block number.</summary>
    private static int SplitFree(string text, int start, int end, int block, List<TextUnit> units)
    {
        var line = start;
        var paragraphHasUnits = false;
        while (line < end)
        {
            var lineEnd = LineEnd(text, line, end);
            var content = text.AsSpan(line, lineEnd - line);
            var trimmed = content.TrimStart();
            if (trimmed.IsWhiteSpace())
            {
                if (paragraphHasUnits)
                {
                    block++;
                    paragraphHasUnits = false;
                }

                line = Next(text, lineEnd, end);
                continue;
            }

            var indent = content.Length - trimmed.Length;
            int atomicEnd;
            if (indent <= 3 && (trimmed.StartsWith("```") || trimmed.StartsWith("~~~")))
            {
                atomicEnd = FenceEnd(text, lineEnd, end, trimmed[..3]);
            }
            else if (trimmed.StartsWith("<pre", StringComparison.OrdinalIgnoreCase))
            {
                var close = text.IndexOf("</pre>", line, end - line, StringComparison.OrdinalIgnoreCase);
                atomicEnd = close < 0 ? end : LineEnd(text, close, end);
            }
            else if (trimmed[0] == '|')
            {
                atomicEnd = RunEnd(text, lineEnd, end, static l => l.TrimStart() is { Length: > 0 } t && t[0] == '|');
            }
            else if (indent >= 4 || content[0] == '\t')
            {
                atomicEnd = RunEnd(text, lineEnd, end, static l => l.Length > 0 && (l[0] == '\t' || l.StartsWith("    ")));
            }
            else if (!paragraphHasUnits && (trimmed[0] == '{' || trimmed[0] == '['))
            {
                atomicEnd = RunEnd(text, lineEnd, end, static l => !l.IsWhiteSpace());
            }
            else
            {
                AddSentences(text, line, lineEnd, block, units);
                paragraphHasUnits = true;
                line = Next(text, lineEnd, end);
                continue;
            }

            if (paragraphHasUnits)
            {
                block++;
            }

            units.Add(new TextUnit(line, TrimEnd(text, line, atomicEnd) - line, block, Atomic: true, Keep: false));
            block++;
            paragraphHasUnits = false;
            line = Next(text, atomicEnd, end);
        }

        return paragraphHasUnits ? block + 1 : block;
    }

    /// <summary>Sentences of one prose line: a cut after . ! ? (and closing quotes/brackets) followed by a space.</summary>
    private static void AddSentences(string text, int start, int end, int block, List<TextUnit> units)
    {
        var sentence = start;
        while (sentence < end && char.IsWhiteSpace(text[sentence]))
        {
            sentence++;
        }

        var i = sentence;
        while (i < end)
        {
            var c = text[i];
            var cut = -1;
            if (c is '.' or '!' or '?' or '。' or '！' or '？')
            {
                var after = i + 1;
                while (after < end && text[after] is '"' or '\'' or ')' or ']' or '”' or '’')
                {
                    after++;
                }

                if (c is '。' or '！' or '？' || (after < end && char.IsWhiteSpace(text[after]) && !IsAbbreviation(text, sentence, i)))
                {
                    cut = after;
                }
            }
            else if (i - sentence >= MaxUnitCharacters && char.IsWhiteSpace(c))
            {
                cut = i;
            }

            if (cut > sentence)
            {
                units.Add(new TextUnit(sentence, cut - sentence, block, Atomic: false, Keep: false));
                sentence = cut;
                while (sentence < end && char.IsWhiteSpace(text[sentence]))
                {
                    sentence++;
                }

                i = sentence;
                continue;
            }

            i++;
        }

        var last = TrimEnd(text, sentence, end);
        if (last > sentence)
        {
            units.Add(new TextUnit(sentence, last - sentence, block, Atomic: false, Keep: false));
        }
    }

    /// <summary>"e.g.", "Mr.", "U.S.", a single initial: a period that ends a short word is not a sentence end.</summary>
    private static bool IsAbbreviation(string text, int sentenceStart, int period)
    {
        if (text[period] != '.')
        {
            return false;
        }

        var word = period;
        while (word > sentenceStart && char.IsLetter(text[word - 1]))
        {
            word--;
        }

        var length = period - word;
        return length == 1 || (length <= 3 && char.IsUpper(text[word])) || (word > sentenceStart && text[word - 1] == '.');
    }

    private static int FenceEnd(string text, int afterOpening, int end, ReadOnlySpan<char> fence)
    {
        var line = Next(text, afterOpening, end);
        while (line < end)
        {
            var lineEnd = LineEnd(text, line, end);
            if (text.AsSpan(line, lineEnd - line).TrimStart().StartsWith(fence))
            {
                return lineEnd;
            }

            line = Next(text, lineEnd, end);
        }

        return end;
    }

    private static int RunEnd(string text, int firstLineEnd, int end, LinePredicate belongs)
    {
        var runEnd = firstLineEnd;
        var line = Next(text, firstLineEnd, end);
        while (line < end)
        {
            var lineEnd = LineEnd(text, line, end);
            if (!belongs(text.AsSpan(line, lineEnd - line)))
            {
                break;
            }

            runEnd = lineEnd;
            line = Next(text, lineEnd, end);
        }

        return runEnd;
    }

    private delegate bool LinePredicate(ReadOnlySpan<char> line);

    private static int LineEnd(string text, int start, int end)
    {
        var newline = text.IndexOf('\n', start, end - start);
        return newline < 0 ? end : newline;
    }

    private static int Next(string text, int lineEnd, int end) => lineEnd < end ? lineEnd + 1 : end;

    private static int TrimEnd(string text, int start, int end)
    {
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return end;
    }
}
