using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Frugal.Cli;

/// <summary>
/// Text from requests or files shown in a terminal is data: control characters (escape sequences, newlines, bidi
/// overrides) become visible <c>\uXXXX</c> escapes, and Spectre markup brackets are escaped.
/// </summary>
public static class TerminalText
{
    /// <summary>Safe to print as plain text.</summary>
    public static string Plain(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var clean = true;
        foreach (var c in text)
        {
            if (NeedsEscape(c))
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (NeedsEscape(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Safe to pass to Spectre as markup (a table cell, a progress description).</summary>
    public static string Markup(string? text) => Spectre.Console.Markup.Escape(Plain(text));

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
