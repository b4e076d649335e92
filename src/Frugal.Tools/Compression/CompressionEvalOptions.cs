namespace Frugal.Tools.Compression;

/// <summary>Settings of <c>frugal compress eval</c>.</summary>
public sealed record CompressionEvalOptions
{
    public IReadOnlyList<double> Ratios { get; init; } = [2, 4, 10];

    /// <summary>Hard distractors per context (20 documents in all, as in LongLLMLingua's NQ setup).</summary>
    public int Distractors { get; init; } = 19;

    /// <summary>Share of questions (by a hash of the question) used to pick parameters; the rest are reported.</summary>
    public double DevShare { get; init; } = 0.5;

    /// <summary>Which questions to run: the dev share (to pick parameters) or the report share (the figures).</summary>
    public bool OnDev { get; init; }

    /// <summary>At most this many contexts (0 = all of the chosen share).</summary>
    public int Limit { get; init; }

    /// <summary>Selection parameters to try (the default is <see cref="Frugal.Core.Compression.QueryAwareSelection.Default"/>).</summary>
    public double? PassageWeight { get; init; }

    public double? K1 { get; init; }

    public double? B { get; init; }

    /// <summary>Also run the hybrid scorer (BM25 + minilm cosine on BM25's best paragraphs) beside BM25 alone.</summary>
    public bool Hybrid { get; init; }

    /// <summary>
    /// Hybrid cosine weights to try, one row each (default: <see cref="Frugal.Core.Compression.QueryAwareSelection.CosineWeight"/>);
    /// the candidate count defaults to <see cref="Frugal.Core.Compression.QueryAwareSelection.Candidates"/>.
    /// </summary>
    public IReadOnlyList<double>? CosineWeights { get; init; }

    public int? Candidates { get; init; }
}
