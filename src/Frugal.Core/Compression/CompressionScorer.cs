namespace Frugal.Core.Compression;

/// <summary>How query-aware selection scores passages: <c>"bm25"</c> (lexical, no model) or <c>"hybrid"</c> (BM25 plus the minilm embedder's cosine on BM25's best paragraphs).</summary>
public enum CompressionScorer
{
    Bm25,
    Hybrid,
}
