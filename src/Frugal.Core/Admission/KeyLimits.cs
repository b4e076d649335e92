using System.Globalization;

namespace Frugal.Core.Admission;

/// <summary>
/// The limits on the text a key is created with. Key, team and tag names end up in reports, the dashboard, metrics
/// and logs, so they are short and printable: no control characters (newline, ESC, …), no invisible format
/// characters (bidi overrides, zero-width), no line or paragraph separators, not blank. Allowed model names follow the
/// rule requests' model names follow (at most 256 characters, no control characters).
/// </summary>
public static class KeyLimits
{
    public const int MaxNameChars = 64;
    public const int MaxTeamChars = 64;
    public const int MaxTagChars = 64;
    public const int MaxTags = 16;
    public const int MaxAllowedModels = 64;
    public const int MaxModelNameChars = 256;

    /// <summary>Why <paramref name="value"/> cannot be a <paramref name="what"/> (e.g. "name"), or null when it can.</summary>
    public static string? Problem(string? value, string what, int maxChars)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return $"{what} must not be empty.";
        }

        if (value.Length > maxChars)
        {
            return $"{what} is {value.Length} characters long; the limit is {maxChars}.";
        }

        foreach (var c in value)
        {
            if (IsUnprintable(c))
            {
                return $"{what} must not contain control or invisible characters (found U+{(int)c:X4}).";
            }
        }

        return null;
    }

    /// <summary>Why <paramref name="model"/> cannot be listed in allowed_models, or null when it can.</summary>
    public static string? ModelProblem(string? model)
    {
        if (string.IsNullOrEmpty(model))
        {
            return "an allowed model must not be empty.";
        }

        if (model.Length > MaxModelNameChars)
        {
            return $"an allowed model is {model.Length} characters long; the limit is {MaxModelNameChars}.";
        }

        foreach (var c in model)
        {
            if (char.IsControl(c))
            {
                return $"an allowed model must not contain control characters (found U+{(int)c:X4}).";
            }
        }

        return null;
    }

    private static bool IsUnprintable(char c) => char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
