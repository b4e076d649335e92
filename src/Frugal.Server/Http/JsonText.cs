using System.Buffers;
using System.Text.Unicode;

namespace Frugal.Server.Http;

/// <summary>
/// Text checks the JSON reader leaves to the moment a string is read, which may be after the
/// upstream call (a JsonElement keeps raw bytes): the body must be UTF-8, and a \uD800–\uDFFF
/// escape must be half of a surrogate pair. Both are vectorised scans, cheap next to the parse.
/// </summary>
public static class JsonText
{
    public static string? FindProblem(ReadOnlySequence<byte> body)
    {
        if (body.IsSingleSegment)
        {
            return FindProblem(body.FirstSpan);
        }

        // Bodies are capped (limits.maxRequestBodyBytes), so one copy of a multi-segment body is bounded.
        var rented = ArrayPool<byte>.Shared.Rent(checked((int)body.Length));
        try
        {
            body.CopyTo(rented);
            return FindProblem(rented.AsSpan(0, (int)body.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static string? FindProblem(ReadOnlySpan<byte> text)
    {
        if (!Utf8.IsValid(text))
        {
            return "The request body is not valid UTF-8 text; JSON must be UTF-8.";
        }

        return FindLoneSurrogateEscape(text) is { } at
            ? $"The request body has a lone UTF-16 surrogate escape (\\u{Hex(text, at):X4} at byte {at + 1}); a \\uD800–\\uDBFF escape must be followed by a \\uDC00–\\uDFFF one."
            : null;
    }

    /// <summary>Byte offset of the backslash of an unpaired surrogate escape, or null.</summary>
    private static int? FindLoneSurrogateEscape(ReadOnlySpan<byte> text)
    {
        var from = 0;
        while (true)
        {
            var found = text[from..].IndexOf("\\u"u8);
            if (found < 0)
            {
                return null;
            }

            var at = from + found;
            from = at + 2;
            if (!IsEscape(text, at) || at + 6 > text.Length)
            {
                continue; // "\\u…" is an escaped backslash followed by a letter u; a short tail is the parser's to refuse
            }

            var unit = Hex(text, at);
            if (unit is < 0xD800 or > 0xDFFF)
            {
                continue;
            }

            if (unit >= 0xDC00)
            {
                return at; // a low surrogate with no high one before it (pairs are consumed below)
            }

            var next = at + 6;
            if (next + 6 > text.Length || text[next] != '\\' || text[next + 1] != 'u' || Hex(text, next) is < 0xDC00 or > 0xDFFF)
            {
                return at;
            }

            from = next + 6; // the pair is fine; skip its low half
        }
    }

    /// <summary>An odd number of backslashes ending at <paramref name="at"/> starts an escape.</summary>
    private static bool IsEscape(ReadOnlySpan<byte> text, int at)
    {
        var backslashes = 1;
        for (var i = at - 1; i >= 0 && text[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 1;
    }

    /// <summary>The four hex digits after "\u" at <paramref name="at"/>, or -1 when they are not hex.</summary>
    private static int Hex(ReadOnlySpan<byte> text, int at)
    {
        if (at + 6 > text.Length)
        {
            return -1;
        }

        var value = 0;
        for (var i = at + 2; i < at + 6; i++)
        {
            var digit = text[i] switch
            {
                >= (byte)'0' and <= (byte)'9' => text[i] - '0',
                >= (byte)'a' and <= (byte)'f' => text[i] - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => text[i] - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return -1;
            }

            value = (value << 4) | digit;
        }

        return value;
    }
}
