using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Frugal.Core.Compression;

/// <summary>
/// Compaction that keeps the meaning byte for byte: outside fenced code, <c>&lt;pre&gt;</c> blocks and keep markers,
/// runs of spaces and tabs inside a line become one space, trailing spaces go and runs of blank lines become one
/// (leading indentation stays: it carries meaning in lists, YAML and unfenced code); a text that is one JSON value is
/// re-serialised without pretty-printing (values, key order and number spellings unchanged). Pure: the same input
/// always gives the same output, so a conversation's earlier messages compact identically on every turn and the
/// provider's cached prefix survives. Duplicate blocks across messages are <see cref="DuplicateBlocks"/>' job.
/// </summary>
public static class LosslessCompaction
{
    private static readonly JsonWriterOptions Minified = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // text, not HTML: keep non-ASCII and '<' as written
        SkipValidation = true,
    };

    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = 64 };

    public static string Compact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return text;
        }

        if (LooksLikeJson(text) && TryMinifyJson(text) is { } json)
        {
            return json;
        }

        return text.Contains(CompressionMarkers.KeepOpen, StringComparison.Ordinal) ? CompactAroundKept(text) : CompactLines(text, 0, text.Length) ?? text;
    }

    /// <summary>The JSON value written without indentation, or null when the text is not exactly one JSON value or would not get shorter.</summary>
    public static string? TryMinifyJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, Strict);
            var buffer = new ArrayBufferWriter<byte>(text.Length);
            using (var writer = new Utf8JsonWriter(buffer, Minified))
            {
                document.RootElement.WriteTo(writer);
            }

            var minified = Encoding.UTF8.GetString(buffer.WrittenSpan);
            return minified.Length < text.Length ? minified : null;
        }
        catch (JsonException)
        {
            return null; // not JSON after all: the line rules apply
        }
    }

    private static bool LooksLikeJson(string text)
    {
        var trimmed = text.AsSpan().Trim();
        return trimmed.Length >= 2 && ((trimmed[0] == '{' && trimmed[^1] == '}') || (trimmed[0] == '[' && trimmed[^1] == ']'));
    }

    private static string CompactAroundKept(string text)
    {
        var builder = new StringBuilder(text.Length);
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf(CompressionMarkers.KeepOpen, position, StringComparison.Ordinal);
            var free = open < 0 ? text.Length : open;
            builder.Append(CompactLines(text, position, free) ?? text[position..free]);
            if (open > 0 && IsBlank(text[open - 1]) && builder.Length > 0 && !char.IsWhiteSpace(builder[^1]))
            {
                builder.Append(' '); // the space before a kept region is not "trailing": it separates two words
            }

            if (open < 0)
            {
                break;
            }

            var close = text.IndexOf(CompressionMarkers.KeepClose, open, StringComparison.Ordinal);
            var keptEnd = close < 0 ? text.Length : close + CompressionMarkers.KeepClose.Length;
            builder.Append(text, open, keptEnd - open); // the markers stay for selection; the stage strips them last
            position = keptEnd;
        }

        return builder.ToString();
    }

    /// <summary>text[start..end) compacted; null when nothing would change (the caller keeps its string).</summary>
    private static string? CompactLines(string text, int start, int end)
    {
        StringBuilder? builder = null;
        var fence = ReadOnlySpan<char>.Empty;
        var inPre = false;
        var blankRun = 0;
        var line = start;
        while (line < end)
        {
            var newline = text.IndexOf('\n', line, end - line);
            var lineEnd = newline < 0 ? end : newline;
            var span = text.AsSpan(line, lineEnd - line);
            var trimmedStart = span.TrimStart();
            var verbatim = !fence.IsEmpty || inPre;
            if (fence.IsEmpty && !inPre && trimmedStart.Length >= 3 && (trimmedStart.StartsWith("```") || trimmedStart.StartsWith("~~~")))
            {
                fence = trimmedStart[..3];
                verbatim = true;
            }
            else if (!fence.IsEmpty && trimmedStart.StartsWith(fence))
            {
                fence = ReadOnlySpan<char>.Empty; // the closing fence line itself is copied as it is
            }

            if (!inPre && fence.IsEmpty && trimmedStart.StartsWith("<pre", StringComparison.OrdinalIgnoreCase))
            {
                inPre = true;
                verbatim = true;
            }

            if (inPre && span.Contains("</pre>", StringComparison.OrdinalIgnoreCase))
            {
                inPre = false;
            }

            if (verbatim)
            {
                blankRun = 0;
                builder?.Append(span);
            }
            else if (span.IsWhiteSpace())
            {
                blankRun++;
                if (blankRun > 1 || span.Length > 0)
                {
                    builder ??= Start(text, start, line);
                }

                if (blankRun > 1)
                {
                    line = newline < 0 ? end : newline + 1;
                    continue;
                }
            }
            else
            {
                blankRun = 0;
                if (builder is null && NeedsCompaction(span))
                {
                    builder = Start(text, start, line);
                }

                if (builder is not null)
                {
                    AppendCompacted(builder, span);
                }
            }

            if (newline >= 0)
            {
                builder?.Append('\n');
            }

            line = newline < 0 ? end : newline + 1;
        }

        return builder?.ToString();
    }

    private static StringBuilder Start(string text, int start, int upTo) => new StringBuilder(text.Length).Append(text, start, upTo - start);

    /// <summary>Trailing whitespace, or a run of two or more spaces/tabs after the indentation.</summary>
    private static bool NeedsCompaction(ReadOnlySpan<char> line)
    {
        if (line.Length > 0 && char.IsWhiteSpace(line[^1]))
        {
            return true;
        }

        var i = IndentLength(line);
        for (; i < line.Length - 1; i++)
        {
            if (IsBlank(line[i]) && IsBlank(line[i + 1]))
            {
                return true;
            }

            if (line[i] == '\t')
            {
                return true;
            }
        }

        return false;
    }

    private static void AppendCompacted(StringBuilder builder, ReadOnlySpan<char> line)
    {
        var indent = IndentLength(line);
        builder.Append(line[..indent]);
        var previousBlank = false;
        var body = line[indent..].TrimEnd();
        foreach (var c in body)
        {
            if (IsBlank(c))
            {
                if (!previousBlank)
                {
                    builder.Append(' ');
                }

                previousBlank = true;
            }
            else
            {
                builder.Append(c);
                previousBlank = false;
            }
        }
    }

    private static int IndentLength(ReadOnlySpan<char> line)
    {
        var i = 0;
        while (i < line.Length && IsBlank(line[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsBlank(char c) => c is ' ' or '\t' or '\r';
}
