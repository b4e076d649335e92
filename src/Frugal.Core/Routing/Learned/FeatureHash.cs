namespace Frugal.Core.Routing.Learned;

/// <summary>
/// The router's own seeded 64-bit hash (FNV-1a, then the MurmurHash3 finaliser). Saved router
/// weights are indexed by it, so it must never change for a given feature version; it is kept
/// apart from the semantic cache's hash so that neither can break the other's persisted data.
/// </summary>
internal static class FeatureHash
{
    private const ulong OffsetBasis = 0xcbf29ce484222325;
    private const ulong Prime = 0x100000001b3;

    public static ulong Hash(ReadOnlySpan<char> text, ulong seed)
    {
        var hash = Start(seed);
        foreach (var c in text)
        {
            hash = Add(hash, c);
        }

        return Mix(hash);
    }

    /// <summary>The FNV state before any character; with <see cref="Add"/> and <see cref="Mix"/>, an incremental <see cref="Hash"/>.</summary>
    public static ulong Start(ulong seed) => OffsetBasis ^ seed;

    public static ulong Add(ulong hash, char c) => (hash ^ c) * Prime;

    /// <summary>Order-dependent, so the bigram "a b" differs from "b a".</summary>
    public static ulong Combine(ulong first, ulong second) => Mix((first * 31) ^ second ^ 0x9e3779b97f4a7c15);

    public static ulong Mix(ulong hash)
    {
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccd;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53;
        hash ^= hash >> 33;
        return hash;
    }
}
