using System.Numerics.Tensors;

namespace Frugal.Core.Caching.Semantic.Index;

/// <summary>Small vector helpers shared by the embedders and indexes.</summary>
internal static class VectorMath
{
    /// <summary>Scales <paramref name="vector"/> to unit length in place; an all-zero vector stays zero.</summary>
    public static void Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0 && float.IsFinite(norm))
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
        else
        {
            vector.Clear(); // NaN/∞ from a bad upstream vector must not match anything
        }
    }
}
