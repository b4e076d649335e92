using Frugal.Tools.Routing;

namespace Frugal.Tests.Tools.Routing;

public sealed class RouterDataSplitTests
{
    private static readonly List<RouterExample> Examples = Enumerable.Range(0, 10_000)
        .Select(i => new RouterExample($"Question {i}: which of the following is true?\nA. yes\nB. no\nAnswer:", i % 2 == 0, i % 3 != 0))
        .ToList();

    [Fact]
    public void Train_and_test_never_overlap_and_cover_everything()
    {
        var (train, test) = RouterDataSplit.Split(Examples, 0.2);

        Assert.Equal(Examples.Count, train.Count + test.Count);
        Assert.Empty(train.Select(e => e.Prompt).Intersect(test.Select(e => e.Prompt)));
        Assert.InRange(test.Count / (double)Examples.Count, 0.18, 0.22);
    }

    [Fact]
    public void Split_is_deterministic_and_independent_of_order()
    {
        var (_, test1) = RouterDataSplit.Split(Examples, 0.2);
        var (_, test2) = RouterDataSplit.Split(Enumerable.Reverse(Examples), 0.2);

        Assert.Equal(test1.Select(e => e.Prompt).Order(StringComparer.Ordinal), test2.Select(e => e.Prompt).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Duplicates_and_line_ending_variants_land_on_the_same_side()
    {
        foreach (var example in Examples.Take(500))
        {
            var windows = example.Prompt.Replace("\n", "\r\n", StringComparison.Ordinal) + "\n";
            Assert.Equal(RouterDataSplit.IsTest(example.Prompt, 0.3), RouterDataSplit.IsTest(windows, 0.3));
        }

        var duplicated = Examples.Take(200).Concat(Examples.Take(200)).ToList();
        var (train, test) = RouterDataSplit.Split(duplicated, 0.5);
        Assert.Empty(train.Select(e => e.Prompt).Intersect(test.Select(e => e.Prompt)));
    }

    [Fact]
    public void Positions_are_stable_across_releases()
    {
        // Pinned: changing the hash would silently move rows between train and test of saved experiments.
        Assert.Equal(0.09588, RouterDataSplit.Position("What is 2 + 2?", "test"), 5);
        Assert.NotEqual(RouterDataSplit.Position("What is 2 + 2?", "test"), RouterDataSplit.Position("What is 2 + 2?", "fold"));
    }

    [Fact]
    public void Folds_are_balanced_and_independent_of_the_test_split()
    {
        var (train, _) = RouterDataSplit.Split(Examples, 0.2);

        var sizes = train.GroupBy(e => RouterDataSplit.Fold(e.Prompt, 5)).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(5, sizes.Count);
        Assert.All(sizes.Values, size => Assert.InRange(size / (double)train.Count, 0.17, 0.23));
    }

    [Fact]
    public void Bad_shares_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RouterDataSplit.Split(Examples, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => RouterDataSplit.Fold("x", 1));
    }
}
