using System.Globalization;
using System.Text;

namespace Frugal.Server.Telemetry;

/// <summary>Prometheus spelling: metric and label names, escaped label values, numbers.</summary>
internal static class PrometheusNames
{
    /// <summary>Longest label value exported, in characters: a value is a name (model, key, team, budget), never a text.</summary>
    public const int MaxLabelValueLength = 200;

    /// <summary>The label value of an instrument's overflow series (and of folded model names).</summary>
    public const string Other = "other";

    /// <summary>"frugal.request.duration" with unit "ms" → "frugal_request_duration_milliseconds"; counters end in "_total".</summary>
    public static string Metric(string name, string? unit, bool counter)
    {
        var metric = Sanitize(name);
        var suffix = unit switch
        {
            "ms" => "_milliseconds",
            "s" => "_seconds",
            "USD" => "_usd",
            "By" => "_bytes",
            _ => string.Empty, // annotations such as {token} add nothing
        };
        if (suffix.Length > 0 && !metric.EndsWith(suffix, StringComparison.Ordinal))
        {
            metric += suffix;
        }

        return counter && !metric.EndsWith("_total", StringComparison.Ordinal) ? metric + "_total" : metric;
    }

    /// <summary>The label set as <c>a="x",b="y"</c>, sorted by name so equal sets share one series.</summary>
    public static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return string.Empty;
        }

        var pairs = new KeyValuePair<string, object?>[tags.Length];
        tags.CopyTo(pairs);
        Array.Sort(pairs, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var text = new StringBuilder(64);
        foreach (var (key, value) in pairs)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(Sanitize(key)).Append("=\"");
            Escape(text, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
            text.Append('"');
        }

        return text.ToString();
    }

    /// <summary>The label set of an instrument's overflow series: the same label names, every value <see cref="Other"/>.</summary>
    public static string OtherLabels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var others = new KeyValuePair<string, object?>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            others[i] = new KeyValuePair<string, object?>(tags[i].Key, Other);
        }

        return Labels(others);
    }

    public static string Help(string description) => description.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public static string Number(double value) => double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == ':'))
            {
                chars[i] = '_';
            }
        }

        return char.IsAsciiDigit(chars[0]) ? "_" + new string(chars) : new string(chars);
    }

    /// <summary>
    /// A label value as the text format allows it: backslash, double quote and line feed escaped; every other control
    /// character (CR, NUL, DEL, C1), a line or paragraph separator and a lone surrogate replaced by U+FFFD, so no value
    /// can break a line or a parser; cut at <see cref="MaxLabelValueLength"/> characters (then ending in "…").
    /// </summary>
    internal static void Escape(StringBuilder text, string value)
    {
        var end = Math.Min(value.Length, MaxLabelValueLength);
        for (var i = 0; i < end; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\': text.Append("\\\\"); break;
                case '"': text.Append("\\\""); break;
                case '\n': text.Append("\\n"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        text.Append(c).Append(value[++i]);
                        end = Math.Min(value.Length, end + 1); // a pair counts as one character
                    }
                    else if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029')
                    {
                        text.Append('\uFFFD');
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        if (end < value.Length)
        {
            text.Append('…');
        }
    }
}
