using System.Collections.Frozen;
using Frugal.Core.Text;

namespace Frugal.Core.Compression;

/// <summary>
/// How selection sees words: runs of letters and digits (a CJK character is a word of its own), compared without case,
/// with a light suffix strip ("prizes" → "prize", "played"/"playing" → "play") that only slices the span, so scoring
/// a text allocates nothing per word. English stop words are no query terms.
/// </summary>
public static class LexicalTerms
{
    private static readonly FrozenSet<string> StopWords = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
    [
        "a", "an", "and", "are", "as", "at", "be", "by", "did", "do", "does", "for", "from", "had", "has", "have", "how", "i", "in",
        "is", "it", "its", "me", "my", "of", "on", "or", "that", "the", "their", "there", "this", "to", "was", "were", "what", "when",
        "where", "which", "who", "whom", "whose", "why", "will", "with", "you", "your", "can", "could", "would", "should", "into",
        "about", "than", "then", "them", "they", "we", "our", "us", "he", "she", "his", "her", "him", "been", "being", "if", "so",
        "not", "no", "all", "any", "some", "these", "those", "also", "please", "tell", "know", "name", "get", "got",
    ]);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> StopWordSpans = StopWords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The next word of <paramref name="text"/> at or after <paramref name="position"/> (not stemmed); false at the end.</summary>
    public static bool Next(ReadOnlySpan<char> text, ref int position, out ReadOnlySpan<char> word)
    {
        var i = position;
        while (i < text.Length && !char.IsLetterOrDigit(text[i]))
        {
            i++;
        }

        if (i >= text.Length)
        {
            position = text.Length;
            word = default;
            return false;
        }

        var start = i;
        if (Scripts.IsCjk(text[i]))
        {
            position = i + 1;
            word = text.Slice(start, 1);
            return true;
        }

        while (i < text.Length && char.IsLetterOrDigit(text[i]) && !Scripts.IsCjk(text[i]))
        {
            i++;
        }

        position = i;
        word = text[start..i];
        return true;
    }

    public static bool IsStopWord(ReadOnlySpan<char> word) => StopWordSpans.Contains(word);

    /// <summary>A suffix strip that only ever shortens the span (no table, no allocation).</summary>
    public static ReadOnlySpan<char> Stem(ReadOnlySpan<char> word)
    {
        if (word.Length > 5 && word.EndsWith("ing", StringComparison.OrdinalIgnoreCase))
        {
            return word[..^3];
        }

        if (word.Length > 4 && word.EndsWith("ed", StringComparison.OrdinalIgnoreCase))
        {
            return word[..^2];
        }

        if (word.Length > 3 && (word[^1] is 's' or 'S') && word[^2] is not ('s' or 'S' or 'u' or 'U' or 'i' or 'I'))
        {
            return word[..^1];
        }

        return word;
    }
}
