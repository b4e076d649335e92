namespace Frugal.Core.Caching.Semantic.Embedding;

/// <summary>
/// Turns a text into an L2-normalised vector, so cosine similarity is a plain dot product.
/// The cache stage calls <see cref="EmbedAsync"/> for every kind: local embedders
/// (<see cref="ILocalEmbedder"/>) complete it synchronously, the HTTP one awaits the network.
/// </summary>
public interface IEmbedder
{
    /// <summary>
    /// Identifies the embedder and its version. Vectors from embedders with different names
    /// must never be compared, so a cache keys its index by this name.
    /// </summary>
    string Name { get; }

    /// <summary>Length of every vector; 0 for an HTTP embedder that has not answered yet and was not told.</summary>
    int Dimensions { get; }

    /// <summary>
    /// The normalised vector of <paramref name="text"/>. A text with nothing the embedder
    /// knows gives an all-zero vector, whose similarity with anything is 0: it never hits.
    /// </summary>
    ValueTask<float[]> EmbedAsync(string text, CancellationToken cancellationToken);
}
