using Frugal.Core.Caching.Semantic.Index;

namespace Frugal.Core.Caching.Semantic.Embedding;

/// <summary>
/// Two local embedders side by side: the concatenation of their unit vectors scaled by √w and
/// √(1 − w), so the similarity of two texts is exactly w · sim₁ + (1 − w) · sim₂ and the result
/// stays unit length. GloVe + hashing is the useful pair: GloVe knows that "lost" and "missing"
/// are close, hashing knows that "virtual card" and "disposable virtual card" are not the same words.
/// </summary>
public sealed class HybridEmbedder : LocalEmbedder
{
    private readonly ILocalEmbedder _first;
    private readonly ILocalEmbedder _second;
    private readonly float _firstScale;
    private readonly float _secondScale;

    public HybridEmbedder(ILocalEmbedder first, ILocalEmbedder second, float firstWeight = 0.5f)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstWeight, 0f);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstWeight, 1f);
        _first = first;
        _second = second;
        _firstScale = MathF.Sqrt(firstWeight);
        _secondScale = MathF.Sqrt(1 - firstWeight);
        Dimensions = first.Dimensions + second.Dimensions;
        Name = FormattableString.Invariant($"hybrid({first.Name}*{firstWeight:0.##}+{second.Name}*{1 - firstWeight:0.##})");
    }

    public override string Name { get; }

    public override int Dimensions { get; }

    protected override void EmbedInto(ReadOnlySpan<char> text, Span<float> destination)
    {
        var first = destination[.._first.Dimensions];
        var second = destination[_first.Dimensions..];
        _first.Embed(text, first);
        _second.Embed(text, second);
        System.Numerics.Tensors.TensorPrimitives.Multiply(first, _firstScale, first);
        System.Numerics.Tensors.TensorPrimitives.Multiply(second, _secondScale, second);

        // One half may be zero (no known GloVe word): renormalise so the other half alone can still
        // reach a high similarity only when it is itself a near match.
        VectorMath.Normalize(destination);
    }
}
