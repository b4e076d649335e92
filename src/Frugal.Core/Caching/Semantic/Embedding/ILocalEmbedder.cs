namespace Frugal.Core.Caching.Semantic.Embedding;

/// <summary>An in-process embedder: synchronous, no I/O after it is constructed.</summary>
public interface ILocalEmbedder : IEmbedder
{
    /// <summary>The normalised vector of <paramref name="text"/> in a new array.</summary>
    float[] Embed(string text);

    /// <summary>
    /// Writes the normalised vector of <paramref name="text"/> into <paramref name="destination"/>
    /// (exactly <see cref="IEmbedder.Dimensions"/> long) without allocating, for the hot path.
    /// </summary>
    void Embed(ReadOnlySpan<char> text, Span<float> destination);

    /// <summary>
    /// The normalised vectors of many texts (warm-up, evaluation), in order. One by one unless the
    /// embedder has something faster (a transformer runs them in padded batches).
    /// </summary>
    float[][] EmbedMany(IReadOnlyList<string> texts);
}
