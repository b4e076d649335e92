using System.Text;

namespace Frugal.Tools.Compression;

/// <summary>
/// "An accepted answer string is still present": both sides lower-cased, every run of non-letters/digits folded to
/// one space, and the answer found on word boundaries (so "1901" is not found in "19015").
/// </summary>
public static class AnswerMatch
{
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 2).Append(' ');
        var space = true;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else if (!space)
            {
                builder.Append(' ');
                space = true;
            }
        }

        if (!space)
        {
            builder.Append(' ');
        }

        return builder.ToString();
    }

    /// <summary>True when <paramref name="normalizedText"/> (from <see cref="Normalize"/>) holds one of the answers.</summary>
    public static bool ContainsAny(string normalizedText, IReadOnlyList<string> answers)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        ArgumentNullException.ThrowIfNull(answers);
        foreach (var answer in answers)
        {
            var normalized = Normalize(answer);
            if (normalized.Length > 2 && normalizedText.Contains(normalized, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
