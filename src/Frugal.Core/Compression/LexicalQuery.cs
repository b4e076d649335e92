namespace Frugal.Core.Compression;

/// <summary>The distinct, stemmed, non-stop-word terms of a question, each with an index for per-unit counts.</summary>
public sealed class LexicalQuery
{
    private readonly Dictionary<string, int> _terms;

    private LexicalQuery(Dictionary<string, int> terms, string text)
    {
        _terms = terms;
        Text = text;
        Lookup = terms.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _terms.Count;

    /// <summary>The question as written (what the embedder of hybrid scoring compares passages to).</summary>
    public string Text { get; }

    /// <summary>Term → index, looked up by a span of the text being scored.</summary>
    public Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; }

    public static LexicalQuery Parse(ReadOnlySpan<char> question)
    {
        var terms = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var lookup = terms.GetAlternateLookup<ReadOnlySpan<char>>();
        var position = 0;
        while (LexicalTerms.Next(question, ref position, out var word))
        {
            if (LexicalTerms.IsStopWord(word))
            {
                continue;
            }

            var stem = LexicalTerms.Stem(word);
            if (!lookup.ContainsKey(stem))
            {
                lookup[stem] = terms.Count;
            }
        }

        return new LexicalQuery(terms, question.ToString());
    }
}
