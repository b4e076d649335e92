using System.Globalization;

namespace Frugal.Core.Text;

/// <summary>
/// The one CSV writer (RFC 4180 fields, records ended by the writer's NewLine). A field holding a
/// comma, a quote, CR or LF is quoted with its quotes doubled, so a newline in a model or tag name
/// cannot split a row. A field a spreadsheet would run as a formula (it starts with <c>=</c>,
/// <c>+</c>, <c>-</c>, <c>@</c>, tab or CR, as OWASP lists) gets a leading <c>'</c> — unless the
/// whole field is a plain number such as <c>-0.5</c> or <c>+1e3</c>, which is data and stays as it
/// is (a number cannot carry a formula). Lives in Core because <c>ReportFormatter</c> (shared by the
/// CLI and the admin API) writes CSV; the strict reader is offline-only (Frugal.Tools.Csv).
/// </summary>
public sealed class CsvWriter(TextWriter writer)
{
    private bool _rowStarted;

    /// <summary>Appends one field to the current record.</summary>
    public CsvWriter Field(string? value)
    {
        if (_rowStarted)
        {
            writer.Write(',');
        }

        _rowStarted = true;
        writer.Write(Escape(value ?? string.Empty));
        return this;
    }

    /// <summary>Appends a number written with the invariant culture (never neutralised: it is a number).</summary>
    public CsvWriter Field<T>(T value, string? format = null)
        where T : IFormattable =>
        Field(value.ToString(format, CultureInfo.InvariantCulture));

    /// <summary>Ends the current record.</summary>
    public void EndRecord()
    {
        writer.WriteLine();
        _rowStarted = false;
    }

    /// <summary>The field as it is written: neutralised if it could run as a formula, then quoted if it must be.</summary>
    public static string Escape(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsPlainNumber(value))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }

    /// <summary>An optional sign, digits with at most one decimal point, an optional exponent: nothing a spreadsheet evaluates.</summary>
    private static bool IsPlainNumber(ReadOnlySpan<char> text)
    {
        var i = text.Length > 0 && text[0] is '+' or '-' ? 1 : 0;
        var digits = 0;
        var point = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c == '.' && !point)
            {
                point = true;
            }
            else
            {
                break;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            var exponentDigits = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                exponentDigits++;
            }

            return exponentDigits > 0 && i == text.Length;
        }

        return i == text.Length;
    }
}
