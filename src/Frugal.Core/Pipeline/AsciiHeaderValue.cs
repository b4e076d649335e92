using System.Globalization;
using System.Text;

namespace Frugal.Core.Pipeline;

/// <summary>
/// Response header values must be printable ASCII (Kestrel throws on anything else — after the upstream call
/// was billed). Text that may hold more (model and provider names from the client or the config, route reasons
/// with Chinese keywords) is percent-encoded as UTF-8, <c>%</c> included (<c>翻译</c> → <c>%E7%BF%BB%E8%AF%91</c>;
/// decode with <c>Uri.UnescapeDataString</c>). Plain text, the usual case, is returned as it is, without allocating.
/// </summary>
public static class AsciiHeaderValue
{
    public static string Of(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~' or '%')
            {
                return PercentEncode(value);
            }
        }

        return value;
    }

    private static string PercentEncode(string value)
    {
        var result = new StringBuilder(value.Length * 3);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes()) // a lone surrogate enumerates as U+FFFD
        {
            if (rune.Value is >= ' ' and <= '~' && rune.Value != '%')
            {
                result.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..length])
            {
                result.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return result.ToString();
    }
}
