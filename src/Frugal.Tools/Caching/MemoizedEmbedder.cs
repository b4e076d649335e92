using Frugal.Core.Caching.Semantic.Embedding;

namespace Frugal.Tools.Caching;

/// <summary>
/// Remembers each text's vector, so a dev calibration and the test replay after it (which warm on the
/// same training rows) embed every text once. For evaluation runs only: it grows without bound.
/// </summary>
public sealed class MemoizedEmbedder(ILocalEmbedder inner) : LocalEmbedder
{
    private readonly Dictionary<string, float[]> _vectors = new(StringComparer.Ordinal);

    public override string Name => inner.Name;

    public override int Dimensions => inner.Dimensions;

    public override float[][] EmbedMany(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var missing = new List<string>();
        foreach (var text in texts)
        {
            if (!_vectors.ContainsKey(text))
            {
                missing.Add(text);
            }
        }

        var fresh = inner.EmbedMany(missing);
        for (var i = 0; i < missing.Count; i++)
        {
            _vectors.TryAdd(missing[i], fresh[i]);
        }

        var result = new float[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            result[i] = (float[])_vectors[texts[i]].Clone();
        }

        return result;
    }

    protected override void EmbedInto(ReadOnlySpan<char> text, Span<float> destination)
    {
        var key = text.ToString();
        if (!_vectors.TryGetValue(key, out var vector))
        {
            vector = inner.Embed(key);
            _vectors[key] = vector;
        }

        vector.CopyTo(destination);
    }
}
