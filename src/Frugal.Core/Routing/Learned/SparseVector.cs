namespace Frugal.Core.Routing.Learned;

/// <summary>A sparse feature vector: strictly increasing <see cref="Indices"/> with their <see cref="Values"/>.</summary>
public sealed class SparseVector
{
    public SparseVector(int[] indices, float[] values)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(values);
        if (indices.Length != values.Length)
        {
            throw new ArgumentException("Indices and values must have the same length.", nameof(values));
        }

        Indices = indices;
        Values = values;
    }

    public int[] Indices { get; }

    public float[] Values { get; }

    public int Count => Indices.Length;

    /// <summary>The dot product with a dense vector.</summary>
    public double Dot(ReadOnlySpan<float> dense)
    {
        var sum = 0.0;
        var indices = Indices;
        var values = Values;
        for (var i = 0; i < indices.Length; i++)
        {
            sum += values[i] * dense[indices[i]];
        }

        return sum;
    }
}
