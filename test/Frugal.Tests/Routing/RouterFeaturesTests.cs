using Frugal.Core.Routing.Learned;

namespace Frugal.Tests.Routing;

public sealed class RouterFeaturesTests
{
    private static readonly RouterFeatures Features = new();

    [Theory]
    [InlineData("Find all zeros of x^5 + 3x^3 + x^2 + 2x in Z_5.\nA. 0\nB. 1\nAnswer:")]
    [InlineData("请证明：对任意正整数 n，1+2+…+n = n(n+1)/2。")]
    [InlineData("")]
    [InlineData("a")]
    public void Vectors_are_sorted_and_in_range(string prompt)
    {
        var vector = Features.Extract(prompt);

        Assert.All(vector.Indices, i => Assert.InRange(i, 0, Features.Dimension - 1));
        Assert.True(vector.Indices.Zip(vector.Indices.Skip(1)).All(p => p.First < p.Second));
        Assert.All(vector.Values, v => Assert.True(float.IsFinite(v) && v != 0));
    }

    [Fact]
    public void Same_prompt_same_vector_across_instances()
    {
        const string prompt = "Statement 1 | Every group of order 4 is abelian. Statement 2 | Not every ring is commutative.";

        var a = Features.Extract(prompt);
        var b = new RouterFeatures(new RouterFeatureOptions()).Extract(prompt);

        Assert.Equal(a.Indices, b.Indices);
        Assert.Equal(a.Values, b.Values);
    }

    [Fact]
    public void Text_blocks_are_unit_length()
    {
        // Without character n-grams and dense features, the word block alone has norm 1.
        var words = new RouterFeatures(new RouterFeatureOptions { MaxCharNgram = 0 }).Extract("alpha beta gamma alpha");
        var hashed = words.Indices.Zip(words.Values).Where(p => p.First < (1 << 16)).Sum(p => (double)p.Second * p.Second);

        Assert.Equal(1, hashed, 4);
    }

    [Fact]
    public void Case_and_spacing_do_not_change_the_text_features_but_words_do()
    {
        // (The dense block does see case: the share of capitals is one of its measurements.)
        var a = Features.Extract("What is the derivative of x^2?");
        var b = Features.Extract("what  is the DERIVATIVE of x^2?");
        var c = Features.Extract("What is the integral of x^2?");

        Assert.Equal(1, Cosine(a, Features.Extract("What is the derivative of x^2?")), 6);
        Assert.Equal(1, Cosine(a, b), 6);
        Assert.True(Cosine(a, c) < Cosine(a, b));
    }

    [Fact]
    public void Long_prompts_are_read_head_and_tail()
    {
        var options = new RouterFeatureOptions { MaxChars = 400 };
        var prompt = "START " + new string('x', 10_000) + " END";

        var window = RouterFeatures.Window(prompt, options.MaxChars);

        Assert.Equal(401, window.Length);
        Assert.StartsWith("START", window, StringComparison.Ordinal);
        Assert.EndsWith("END", window, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new RouterFeatures(new RouterFeatureOptions { HashBits = 30 }));
        Assert.Throws<ArgumentException>(() => new RouterFeatures(new RouterFeatureOptions { MinCharNgram = 5, MaxCharNgram = 3 }));
        Assert.Throws<ArgumentException>(() => new RouterFeatures(new RouterFeatureOptions { Version = "v0" }));
    }

    // Cosine of the hashed text blocks only (indices below the dense block).
    private static double Cosine(SparseVector a, SparseVector b)
    {
        var left = Text(a);
        var right = Text(b);
        var dot = right.Sum(p => left.TryGetValue(p.Key, out var v) ? v * p.Value : 0);
        return dot / Math.Sqrt(left.Values.Sum(v => v * v) * right.Values.Sum(v => v * v));
    }

    private static Dictionary<int, double> Text(SparseVector v) =>
        v.Indices.Zip(v.Values).Where(p => p.First < 1 << 16).ToDictionary(p => p.First, p => (double)p.Second);
}
