namespace Frugal.Core.Caching.Semantic.Embedding;

/// <summary>
/// English function words, weighted down by <see cref="HashingEmbedder"/>: with no corpus to
/// learn IDF from, "how do I" would otherwise make every question look alike. Negations
/// ("not", "no", "never") are deliberately absent: they change the meaning.
/// </summary>
internal static class StopWords
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "i", "me", "my", "mine", "we", "our", "you", "your", "he", "she", "it", "its", "they", "them",
        "their", "this", "that", "these", "those", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does",
        "did", "have", "has", "had", "to", "of", "in", "on", "at", "for", "with", "by", "from", "as", "and", "or", "but",
        "so", "if", "then", "there", "here", "what", "how", "why", "when", "where", "which", "who", "can", "could",
        "would", "should", "will", "shall", "may", "might", "must", "please", "just", "any", "some", "get", "got", "i'm",
        "i've", "it's", "there's", "what's", "about", "into", "also", "still", "yet", "again", "know", "tell", "help",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Words.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool Contains(ReadOnlySpan<char> word) => word.Length <= 8 && Lookup.Contains(word);
}
