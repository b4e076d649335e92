using Frugal.Core.Pipeline;

namespace Frugal.Tests.Pipeline;

/// <summary>Typed per-request features: one slot per type, set/get/remove, enumeration of what is set.</summary>
public sealed class FeatureCollectionTests
{
    [Fact]
    public void Each_type_has_its_own_slot_and_an_unset_feature_is_null()
    {
        var features = new FeatureCollection();
        Assert.Null(features.Get<First>());

        var first = new First();
        features.Set(first);
        var second = features.GetOrAdd<Second>();

        Assert.Same(first, features.Get<First>());
        Assert.Same(second, features.Get<Second>());
        Assert.Same(second, features.GetOrAdd<Second>());
        Assert.Null(features.Get<Third>());
    }

    [Fact]
    public void Setting_null_removes_a_feature_and_enumeration_walks_only_what_is_set()
    {
        var features = new FeatureCollection();
        features.Set(new First());
        features.Set(new Third());
        features.Set<First>(null);
        features.Set<Second>(null); // never set: nothing to remove

        var set = new List<object>();
        foreach (var feature in features)
        {
            set.Add(feature);
        }

        Assert.IsType<Third>(Assert.Single(set));
        Assert.Null(features.Get<First>());
    }

    private sealed class First;

    private sealed class Second;

    private sealed class Third;
}
