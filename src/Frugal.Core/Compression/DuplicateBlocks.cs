namespace Frugal.Core.Compression;

/// <summary>
/// Drops a paragraph (blank-line separated, fenced code counted as one) of at least <see cref="MinCharacters"/> that
/// already appeared earlier in the same request — the same document or tool output pasted twice. One instance per
/// request, fed the messages in order, so which copy stays depends only on what came before (turn-stable). A text
/// that was nothing but duplicates becomes <see cref="Omitted"/>, so no message turns empty.
/// </summary>
public sealed class DuplicateBlocks
{
    /// <summary>Shorter paragraphs (greetings, "OK", list headers) repeat legitimately.</summary>
    public const int MinCharacters = 200;

    public const string Omitted = "[duplicate of earlier content omitted]";

    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>The text without paragraphs seen earlier in this request; the same instance when nothing was dropped.</summary>
    public string Drop(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length < MinCharacters)
        {
            return text;
        }

        var lookup = _seen.GetAlternateLookup<ReadOnlySpan<char>>();
        System.Text.StringBuilder? kept = null;
        var copiedUpTo = 0;
        var anyKept = false;
        var position = 0;
        while (position < text.Length)
        {
            var end = ParagraphEnd(text, position);
            var paragraph = text.AsSpan(position, end - position).Trim();
            if (paragraph.Length >= MinCharacters && !lookup.Add(paragraph))
            {
                kept ??= new System.Text.StringBuilder(text.Length);
                kept.Append(text, copiedUpTo, position - copiedUpTo);
                copiedUpTo = SkipBlankLines(text, end);
            }
            else if (!paragraph.IsEmpty)
            {
                anyKept = true;
            }

            position = SkipBlankLines(text, end);
        }

        if (kept is null)
        {
            return text;
        }

        kept.Append(text, copiedUpTo, text.Length - copiedUpTo);
        return anyKept ? kept.ToString().TrimEnd() : Omitted;
    }

    /// <summary>Where the paragraph starting at <paramref name="start"/> ends: the next blank line outside a code fence.</summary>
    private static int ParagraphEnd(string text, int start)
    {
        var inFence = false;
        var line = start;
        while (line < text.Length)
        {
            var newline = text.IndexOf('\n', line);
            var lineEnd = newline < 0 ? text.Length : newline;
            var span = text.AsSpan(line, lineEnd - line);
            if (span.TrimStart().StartsWith("```"))
            {
                inFence = !inFence;
            }
            else if (!inFence && span.IsWhiteSpace() && line > start)
            {
                return line;
            }

            if (newline < 0)
            {
                return text.Length;
            }

            line = newline + 1;
        }

        return text.Length;
    }

    /// <summary>The start of the first line at or after <paramref name="position"/> (a line start) that is not blank.</summary>
    private static int SkipBlankLines(string text, int position)
    {
        while (position < text.Length)
        {
            var newline = text.IndexOf('\n', position);
            var lineEnd = newline < 0 ? text.Length : newline;
            if (!text.AsSpan(position, lineEnd - position).IsWhiteSpace())
            {
                return position;
            }

            position = newline < 0 ? text.Length : newline + 1;
        }

        return position;
    }
}
