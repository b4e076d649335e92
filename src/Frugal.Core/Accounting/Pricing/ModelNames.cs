using System.Globalization;

namespace Frugal.Core.Accounting.Pricing;

/// <summary>The name variants a price lookup falls back to, in the order it tries them.</summary>
internal static class ModelNames
{
    /// <summary>"openai/gpt-4o" → "gpt-4o"; "models/gemini-2.5-pro" → "gemini-2.5-pro". Clients and routers prefix names with a provider.</summary>
    public static string StripProviderPrefix(string name)
    {
        var slash = name.LastIndexOf('/');
        return slash > 0 && slash < name.Length - 1 ? name[(slash + 1)..] : name;
    }

    /// <summary>
    /// "gpt-4o-2024-11-20" → "gpt-4o", "claude-sonnet-4-20250514" → "claude-sonnet-4": a new snapshot
    /// usually keeps its family's price. Only a real calendar date is stripped, so a name that merely
    /// ends in eight digits is left alone.
    /// </summary>
    public static string StripDateSuffix(string name)
    {
        if (name.Length > 11 && name[^11] == '-' && IsDate(name.AsSpan(name.Length - 10), "yyyy-MM-dd"))
        {
            return name[..^11];
        }

        if (name.Length > 9 && name[^9] == '-' && IsDate(name.AsSpan(name.Length - 8), "yyyyMMdd"))
        {
            return name[..^9];
        }

        return name;
    }

    private static bool IsDate(ReadOnlySpan<char> text, string format)
        => DateOnly.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
