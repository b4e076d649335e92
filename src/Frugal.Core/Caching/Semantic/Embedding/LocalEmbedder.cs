namespace Frugal.Core.Caching.Semantic.Embedding;

/// <summary>
/// What every in-process embedder shares: the allocating and async forms, and the destination
/// check, around the one method a concrete embedder writes (<see cref="EmbedInto"/>).
/// </summary>
public abstract class LocalEmbedder : ILocalEmbedder
{
    public abstract string Name { get; }

    public abstract int Dimensions { get; }

    public float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var vector = new float[Dimensions];
        EmbedInto(text, vector);
        return vector;
    }

    /// <summary>One by one; an embedder with a faster way overrides it.</summary>
    public virtual float[][] EmbedMany(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var vectors = new float[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            vectors[i] = Embed(texts[i]);
        }

        return vectors;
    }

    public ValueTask<float[]> EmbedAsync(string text, CancellationToken cancellationToken) => ValueTask.FromResult(Embed(text));

    public void Embed(ReadOnlySpan<char> text, Span<float> destination)
    {
        if (destination.Length != Dimensions)
        {
            throw new ArgumentException($"Destination must have {Dimensions} elements.", nameof(destination));
        }

        destination.Clear();
        EmbedInto(text, destination);
    }

    /// <summary>Writes the normalised vector of <paramref name="text"/> into a cleared destination of the right length.</summary>
    protected abstract void EmbedInto(ReadOnlySpan<char> text, Span<float> destination);
}
