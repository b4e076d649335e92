using System.Globalization;
using System.Text;

namespace Frugal.Core.Text;

/// <summary>
/// Client text (model, key, team, tag, route names) as a terminal shows it: every control character (CR, LF, ESC that
/// would start a colour or cursor sequence, …), invisible format character (bidi overrides, zero-width) and line or
/// paragraph separator is written as <c>\uXXXX</c>, so a name cannot move the cursor, recolour the screen, reorder
/// what follows or fake a row. Everything else is left as it is; a string with nothing to escape is returned as is.
/// </summary>
public static class TerminalText
{
    public static string Printable(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var first = IndexOfUnprintable(value);
        if (first < 0)
        {
            return value;
        }

        var text = new StringBuilder(value.Length + 8);
        text.Append(value, 0, first);
        for (var i = first; i < value.Length; i++)
        {
            var c = value[i];
            if (IsUnprintable(c))
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static int IndexOfUnprintable(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (IsUnprintable(value[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsUnprintable(char c) => char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
