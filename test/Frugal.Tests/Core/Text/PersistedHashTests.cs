using System.Globalization;
using Frugal.Core.Caching.Semantic.Embedding;
using Frugal.Core.Routing.Learned;
using Frugal.Core.Text;

namespace Frugal.Tests.Core.Text;

/// <summary>
/// Saved router weights and persisted semantic indexes are addressed by hash values: these pins were taken
/// from the code before the two hashes (semantic StableHash, router FeatureHash) became one, and must never move.
/// </summary>
public sealed class PersistedHashTests
{
    [Fact]
    public void Router_feature_indices_are_pinned()
    {
        var features = new RouterFeatures().Extract("How many primes are below 100? 世界 x^2 + 3 = 0");
        Assert.Equal("156:155,203,824,866,1415,2287,2487,3086,3569,3592,4545,4875:1697631611737836715", Fingerprint(features.Indices));
    }

    [Fact]
    public void Hashing_embedder_buckets_are_pinned()
    {
        var vector = new HashingEmbedder().Embed("Where is my parcel? 我的包裹在哪里 naïve café");
        var buckets = Enumerable.Range(0, vector.Length).Where(i => vector[i] != 0).ToArray();
        Assert.Equal("65:8,21,37,51,57,60,63,69,74,75,81,84:-9190052520413570022", Fingerprint(buckets));
    }

    [Theory]
    [InlineData("", 0UL, 0xEFD01F60BA992926UL)]
    [InlineData("hello", 0UL, 0xE9C562C0FDB23244UL)]
    [InlineData("hello", 0x5EEDUL, 0x22B3EEB38C433589UL)]
    [InlineData("世界", 42UL, 0xDD3F007A5E6DAEE2UL)]
    [InlineData("naïve café", 1UL, 0x53FB5B6069E5F336UL)]
    public void Stable_hash_matches_an_independent_fnv1a_murmur_reference(string text, ulong seed, ulong expected)
    {
        // Reference values from a separate implementation of FNV-1a over UTF-16 code units + MurmurHash3 fmix64.
        Assert.Equal(expected, StableHash.Hash(text, seed));

        var incremental = StableHash.Start(seed);
        foreach (var c in text)
        {
            incremental = StableHash.Add(incremental, c);
        }

        Assert.Equal(expected, StableHash.Mix(incremental));
    }

    [Fact]
    public void Combine_is_pinned_and_order_dependent()
    {
        Assert.Equal(0x71B992A8531D7898UL, StableHash.Combine(StableHash.Hash("a", 0), StableHash.Hash("b", 0)));
        Assert.Equal(0xF97211DE834141C3UL, StableHash.Combine(StableHash.Hash("b", 0), StableHash.Hash("a", 0)));
        Assert.Equal(0x7FCB4990C961F6A8UL, StableHash.Mix(123));
    }

    private static string Fingerprint(int[] indices) =>
        indices.Length.ToString(CultureInfo.InvariantCulture) + ":" + string.Join(",", indices.Take(12)) + ":"
        + indices.Aggregate(17L, (sum, i) => unchecked((sum * 31) + i)).ToString(CultureInfo.InvariantCulture);
}
