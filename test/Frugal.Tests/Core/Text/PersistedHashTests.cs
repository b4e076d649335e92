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

    private static string Fingerprint(int[] indices) =>
        indices.Length.ToString(CultureInfo.InvariantCulture) + ":" + string.Join(",", indices.Take(12)) + ":"
        + indices.Aggregate(17L, (sum, i) => unchecked((sum * 31) + i)).ToString(CultureInfo.InvariantCulture);
}
