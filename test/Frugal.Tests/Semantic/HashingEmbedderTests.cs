using System.Numerics.Tensors;
using Frugal.Core.Caching.Semantic.Embedding;

namespace Frugal.Tests.Semantic;

public sealed class HashingEmbedderTests
{
    private readonly HashingEmbedder _embedder = new();

    [Fact]
    public void Vectors_are_unit_length_and_the_same_in_every_instance()
    {
        var a = _embedder.Embed("How do I reset my password?");
        var b = new HashingEmbedder().Embed("How do I reset my password?");

        Assert.Equal(512, a.Length);
        Assert.Equal(1f, TensorPrimitives.Norm(a), 4);
        Assert.Equal(a, b);
        Assert.Equal("hashing-v1-512", _embedder.Name);
    }

    [Fact]
    public void The_vector_is_pinned_so_a_persisted_index_keeps_matching_after_a_restart()
    {
        // string.GetHashCode would change per process; this checksum only changes with the algorithm,
        // and then the embedder's Name (its version) must change with it.
        var vector = _embedder.Embed("Where is my card?");
        var checksum = 0.0;
        for (var i = 0; i < vector.Length; i++)
        {
            checksum += vector[i] * (i + 1);
        }

        Assert.Equal(PinnedChecksum, checksum, 3);
    }

    [Fact]
    public void A_rewording_is_closer_than_a_different_question()
    {
        var query = _embedder.Embed("how do I reset my password");

        var rewording = TensorPrimitives.Dot(query, _embedder.Embed("How can I reset my password?"));
        var other = TensorPrimitives.Dot(query, _embedder.Embed("what is the exchange rate for euros"));

        Assert.True(rewording > 0.8f, $"rewording {rewording}");
        Assert.True(other < 0.3f, $"other {other}");
    }

    [Theory]
    [InlineData("我想取消我的订单", "我要取消订单", "今天天气很好")]
    [InlineData("パスワードをリセットしたい", "パスワードのリセット方法", "東京の天気はどうですか")]
    public void Text_without_spaces_is_compared_by_character_ngrams(string query, string rewording, string other)
    {
        var q = _embedder.Embed(query);

        Assert.True(TensorPrimitives.Dot(q, _embedder.Embed(rewording)) > TensorPrimitives.Dot(q, _embedder.Embed(other)) + 0.3f);
    }

    [Fact]
    public void Full_width_case_and_accents_fold_away()
    {
        Assert.Equal(_embedder.Embed("cafe ABC"), _embedder.Embed("Café ＡＢＣ"));
        Assert.Equal(_embedder.Embed("ガイド"), _embedder.Embed("ｶﾞｲﾄﾞ"));
    }

    [Fact]
    public void Empty_text_is_the_zero_vector_that_matches_nothing()
    {
        Assert.All(_embedder.Embed("  ?! "), value => Assert.Equal(0f, value));
    }

    [Fact]
    public void Long_text_and_the_span_overload_agree()
    {
        var text = string.Concat(Enumerable.Repeat("a fairly long sentence about billing and invoices. ", 40));
        var destination = new float[_embedder.Dimensions];

        _embedder.Embed(text.AsSpan(), destination);

        Assert.Equal(_embedder.Embed(text), destination);
        Assert.Equal(1f, TensorPrimitives.Norm(destination), 4);
    }

    private const double PinnedChecksum = -185.5186;
}
