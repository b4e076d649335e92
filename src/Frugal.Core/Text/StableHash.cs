namespace Frugal.Core.Text;

/// <summary>
/// The one fixed, seeded 64-bit hash (FNV-1a over UTF-16 code units, then the MurmurHash3
/// finaliser). string.GetHashCode is randomised per process, so a vector built with it would
/// change between restarts. Saved learned-router weights and persisted semantic indexes are
/// addressed by these values: the function must never change (PersistedHashTests pins it). The
/// two users keep apart by their seeds, not by separate copies of the code.
/// </summary>
public static class StableHash
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

    /// <summary>Order-dependent combination, so the bigram "a b" differs from "b a".</summary>
    public static ulong Combine(ulong first, ulong second) => Mix((first * 31) ^ second ^ 0x9e3779b97f4a7c15);

    // MurmurHash3 fmix64: FNV alone leaves the low bits (a bucket index) poorly mixed for short inputs.
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
