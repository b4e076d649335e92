namespace Frugal.Core.Routing.Learned;

/// <summary>
/// How <see cref="RouterFeatures"/> turns a prompt into a vector. Saved inside every
/// <see cref="LearnedRouterModel"/>: a model is only meaningful with the exact features it was
/// trained on, so changing the extraction code means a new <see cref="CurrentVersion"/>.
/// </summary>
public sealed record RouterFeatureOptions
{
    /// <summary>The extraction algorithm this build implements; a model saved with another one is refused.</summary>
    public const string CurrentVersion = "frugal-router-features/1";

    public string Version { get; init; } = CurrentVersion;

    /// <summary>Hashed text features go into 2^HashBits buckets (collisions are signed, so they cancel on average).</summary>
    public int HashBits { get; init; } = 16;

    /// <summary>Longest word n-gram (1 = words only, 2 = words and bigrams).</summary>
    public int MaxWordNgram { get; init; } = 2;

    /// <summary>Character n-grams over the lower-cased text with spaces collapsed; 0 disables them.</summary>
    public int MinCharNgram { get; init; } = 3;

    public int MaxCharNgram { get; init; } = 5;

    /// <summary>Characters read from a long prompt: the first ¾ from its start, the rest from its end (where the question usually is).</summary>
    public int MaxChars { get; init; } = 16_000;

    /// <summary>
    /// The hashed word and character blocks. False leaves only the hand-made measurements and the
    /// embedding (the "embedding" variant of <c>frugal router eval-groups</c>).
    /// </summary>
    public bool Lexical { get; init; } = true;

    /// <summary>
    /// Name of a local sentence embedder (an <c>EmbedderFactory</c> kind such as <c>minilm</c>) whose
    /// L2-normalised vector of the prompt is appended as one more block; null (the default, and every
    /// file written before embeddings existed) for none.
    /// </summary>
    public string? Embedder { get; init; }

    /// <summary>Length of the embedder's vectors; 0 when <see cref="Embedder"/> is null.</summary>
    public int EmbeddingDimensions { get; init; }

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!string.Equals(Version, CurrentVersion, StringComparison.Ordinal))
        {
            problems.Add($"Feature version '{Version}' is not supported by this build ('{CurrentVersion}'); retrain the router.");
        }

        if (HashBits is < 8 or > 24)
        {
            problems.Add("HashBits must be from 8 to 24.");
        }

        if (MaxWordNgram is < 1 or > 3)
        {
            problems.Add("MaxWordNgram must be from 1 to 3.");
        }

        if (MaxCharNgram != 0 && (MinCharNgram < 1 || MaxCharNgram < MinCharNgram || MaxCharNgram > 8))
        {
            problems.Add("Character n-grams need 1 ≤ MinCharNgram ≤ MaxCharNgram ≤ 8 (or MaxCharNgram = 0 to disable them).");
        }

        if (MaxChars < 256)
        {
            problems.Add("MaxChars must be at least 256.");
        }

        if (Embedder is null ? EmbeddingDimensions != 0 : EmbeddingDimensions is < 1 or > 4096)
        {
            problems.Add("An embedder needs EmbeddingDimensions from 1 to 4096, and no embedder needs 0.");
        }

        if (!Lexical && Embedder is null)
        {
            problems.Add("Features without the lexical blocks need an embedder.");
        }

        return problems;
    }
}
