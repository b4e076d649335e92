using Frugal.Core.Caching.Semantic.Embedding;
using Frugal.Core.Compression;
using Frugal.Core.Text;
using Frugal.Server;

namespace Frugal.Tests.Compression;

/// <summary>The hybrid scorer (BM25 + embedder cosine on BM25's best paragraphs) and its <c>"scorer"</c> setting.</summary>
public sealed class HybridSelectionTests
{
    private const string Question = "Which harbour did the expedition sail from?";

    // Both passages share the question's words equally (BM25 ties them); only the embedder tells them apart.
    private static readonly string Right = "The expedition sail began at the harbour. It left from Port Avel in spring, carrying maps and grain for the winter.";
    private static readonly string Wrong = "The expedition sail began at the harbour. It was painted green and repaired twice by the old carpenters of the yard.";
    private static readonly string Noise = "Gardens and rivers and stones. Nothing here is about any of the other things at all, only gardens and rivers.";

    [Fact]
    public void The_cosine_term_breaks_a_bm25_tie_toward_the_passage_the_embedder_finds_closer()
    {
        var text = string.Join("\n\n", Wrong, Noise, Right, Noise);
        var units = new List<TextUnit>();
        TextSegmenter.Split(text, units);
        var wrong = units.FindIndex(u => u.Block == 0);
        var right = units.FindIndex(u => u.Block == 2);
        var query = LexicalQuery.Parse(Question);

        var bm25 = QueryAwareSelection.Default.Score(text, units, query);
        var hybrid = QueryAwareSelection.Hybrid(new KeywordEmbedder("Port Avel")).Score(text, units, query);

        Assert.Equal(bm25[wrong], bm25[right], 6); // the same first sentence, passages of the same length
        Assert.True(hybrid[right] > hybrid[wrong], $"{hybrid[right]} vs {hybrid[wrong]}");
        Assert.Equal(bm25[wrong], hybrid[wrong], 6); // the farther candidate gets no bonus (min–max scaled)
    }

    [Fact]
    public void Only_bm25s_best_paragraphs_are_embedded_in_one_batch_with_the_question()
    {
        var documents = CompressionTexts.RetrievalPrompt(passages: 20, answerAt: 13);
        documents = documents[..documents.LastIndexOf("\n\nQuestion:", StringComparison.Ordinal)];
        var tokens = O200kTokenCounter.Instance.CountTokens(documents);
        var embedder = new KeywordEmbedder(CompressionTexts.Answer);
        var selection = new QueryAwareSelection { Embedder = embedder, Candidates = 5 };

        var selected = selection.Select(documents, LexicalQuery.Parse(CompressionTexts.Question), tokens / 10, tokens);

        Assert.Equal([6], embedder.Batches); // the question + 5 candidates, once
        Assert.Equal(CompressionTexts.Question, embedder.Texts[0]);
        Assert.Contains(CompressionTexts.Answer, selected, StringComparison.Ordinal);
    }

    [Fact]
    public void The_scorer_setting_is_read_from_the_section_and_rules_and_a_bad_one_is_reported()
    {
        const string config = """{"providers":{"p":{"kind":"openai","baseUrl":"http://127.0.0.1:9/v1"}},"models":{"m":{"provider":"p"}},""";
        var loaded = ConfigLoader.Parse(config + """
            "compression": { "enabled": true, "scorer": "hybrid", "history": { "summarizeDropped": true, "summaryTimeoutMs": 2000 },
              "keys": { "k": { "scorer": "bm25", "summarizeDropped": false } } }}
            """, "test");
        Assert.True(loaded.IsValid, string.Join("; ", loaded.Problems));
        var section = loaded.Config!.Section<CompressionConfig>();
        Assert.Equal((CompressionScorer.Hybrid, true, 2000), (section.Defaults.Scorer, section.Defaults.SummarizeDropped, section.Defaults.SummaryTimeoutMs));
        Assert.Equal((CompressionScorer.Bm25, false), (section.Keys["k"].Scorer, section.Keys["k"].SummarizeDropped));

        var bad = ConfigLoader.Parse(config + """ "compression": { "enabled": true, "scorer": "neural" }}""", "test");
        Assert.Contains(bad.Problems, p => p.ToString().Contains("$.compression.scorer", StringComparison.Ordinal) && p.ToString().Contains("hybrid", StringComparison.Ordinal));
    }

    /// <summary>Two-dimensional vectors: texts holding the keyword point one way, all others another; records each batch.</summary>
    private sealed class KeywordEmbedder(string keyword) : ILocalEmbedder
    {
        public List<int> Batches { get; } = [];

        public List<string> Texts { get; } = [];

        public string Name => "keyword";

        public int Dimensions => 2;

        public float[] Embed(string text) => text.Contains(keyword, StringComparison.Ordinal) || Texts.Count == 0 || ReferenceEquals(text, Texts[0]) ? [1f, 0f] : [0.6f, 0.8f];

        public void Embed(ReadOnlySpan<char> text, Span<float> destination) => Embed(text.ToString()).CopyTo(destination);

        public float[][] EmbedMany(IReadOnlyList<string> texts)
        {
            Batches.Add(texts.Count);
            Texts.AddRange(texts);
            var vectors = new float[texts.Count][];
            for (var i = 0; i < texts.Count; i++)
            {
                vectors[i] = i == 0 || texts[i].Contains(keyword, StringComparison.Ordinal) ? [1f, 0f] : [0.6f, 0.8f];
            }

            return vectors;
        }

        public ValueTask<float[]> EmbedAsync(string text, CancellationToken cancellationToken) => ValueTask.FromResult(Embed(text));
    }
}
