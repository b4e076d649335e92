using System.Runtime.InteropServices;

namespace Frugal.Core.Caching;

/// <summary>How stores persist an embedding: the floats' little-endian bytes, nothing else.</summary>
public static class SemanticVectorBytes
{
    public static byte[] ToBytes(float[] vector) => MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();

    public static float[] FromBytes(ReadOnlySpan<byte> bytes) => MemoryMarshal.Cast<byte, float>(bytes).ToArray();
}
