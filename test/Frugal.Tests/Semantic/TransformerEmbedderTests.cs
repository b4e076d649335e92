using System.Numerics.Tensors;
using Frugal.Core.Caching.Semantic.Embedding;

namespace Frugal.Tests.Semantic;

/// <summary>The packaged sentence transformers: loaded from the package DLL copied beside the tests, offline.</summary>
public sealed class TransformerEmbedderTests
{
    public static TheoryData<string> Kinds => ["minilm", "arctic-xs"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_factory_builds_a_384_d_embedder_with_unit_vectors(string kind)
    {
        var embedder = Assert.IsType<TransformerEmbedder>(EmbedderFactory.Create(new EmbedderOptions { Kind = kind }, null));

        var vector = embedder.Embed("How do I reset my card PIN?");

        Assert.Equal(384, embedder.Dimensions);
        Assert.Equal(384, vector.Length);
        Assert.Equal(1f, TensorPrimitives.Norm(vector), 4);
        Assert.Equal(vector, embedder.Embed("How do I reset my card PIN?"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_embedder_of_a_kind_shares_one_loaded_model(string kind)
    {
        var first = (TransformerEmbedder)EmbedderFactory.Create(new EmbedderOptions { Kind = kind }, null);
        var second = (TransformerEmbedder)EmbedderFactory.Create(new EmbedderOptions { Kind = kind }, null);

        Assert.Same(first.Model, second.Model);
        Assert.True(first.Model.LoadTime > TimeSpan.Zero);
    }

    [Fact]
    public void A_paraphrase_with_no_word_in_common_is_closer_than_an_unrelated_question()
    {
        var embedder = TransformerEmbedder.Load(TransformerModelSpec.MiniLm);
        var query = embedder.Embed("I lost my card");

        var paraphrase = TensorPrimitives.Dot(query, embedder.Embed("my debit card has gone missing"));
        var unrelated = TensorPrimitives.Dot(query, embedder.Embed("what is the exchange rate for euros"));

        Assert.True(paraphrase > 0.6f, $"paraphrase {paraphrase}");
        Assert.True(unrelated < 0.3f, $"unrelated {unrelated}");
    }

    [Fact]
    public void The_vector_is_pinned_so_a_persisted_index_keeps_matching_after_a_restart()
    {
        // Changing the model, pooling or tokenizer changes this figure, and then the embedder's Name must change.
        var vector = TransformerEmbedder.Load(TransformerModelSpec.MiniLm).Embed("Where is my card?");
        var checksum = 0.0;
        for (var i = 0; i < vector.Length; i++)
        {
            checksum += vector[i] * (i + 1);
        }

        Assert.Equal(PinnedChecksum, checksum, 1); // one decimal: ONNX Runtime kernels differ in the last bits across CPUs
    }

    [Fact]
    public void A_long_text_is_cut_at_the_token_cap_and_still_embeds()
    {
        var model = TransformerModel.Shared(TransformerModelSpec.MiniLm);
        var text = string.Join(' ', Enumerable.Repeat("please move money between my accounts", 100));

        var tokens = model.Tokenize(text);
        var vector = TransformerEmbedder.Load(TransformerModelSpec.MiniLm).Embed(text);

        Assert.Equal(TransformerModel.DefaultMaxTokens, tokens.Count);
        Assert.Equal(1f, TensorPrimitives.Norm(vector), 4);
    }

    [Fact]
    public void Empty_text_embeds_to_a_unit_vector_of_the_special_tokens()
    {
        var vector = TransformerEmbedder.Load(TransformerModelSpec.MiniLm).Embed(string.Empty);

        Assert.Equal(1f, TensorPrimitives.Norm(vector), 4);
    }

    [Fact]
    public void Parallel_callers_share_the_session_and_get_the_same_vectors()
    {
        var embedder = TransformerEmbedder.Load(TransformerModelSpec.MiniLm);
        string[] texts = ["card arrived damaged", "top up failed", "how to change my PIN", "refund not showing"];
        var expected = texts.Select(embedder.Embed).ToArray();

        var results = new float[texts.Length * 8][];
        Parallel.For(0, results.Length, i => results[i] = embedder.Embed(texts[i % texts.Length]));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(expected[i % texts.Length], results[i]);
        }
    }

    private const double PinnedChecksum = -15.16;
}
