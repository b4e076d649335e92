namespace Frugal.Core.Caching.Semantic.Embedding;

/// <summary>Builds the embedder an <see cref="EmbedderOptions"/> describes, failing with a message a person can act on.</summary>
public static class EmbedderFactory
{
    public static readonly IReadOnlyList<string> Kinds = ["hashing", "glove", "hybrid", "http", "minilm", "arctic-xs"];

    /// <param name="options">What to build.</param>
    /// <param name="http">The shared client for the "http" kind; ignored (may be null) otherwise.</param>
    public static IEmbedder Create(EmbedderOptions options, HttpClient? http)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (options.Kind.ToLowerInvariant())
        {
            case "hashing":
                return new HashingEmbedder(options.Dimensions > 0 ? options.Dimensions : HashingEmbedder.DefaultDimensions);
            case "glove":
                return GloveEmbedder.Load(GloveEmbedder.ModelPath(options.DataDir));
            case "hybrid":
                return new HybridEmbedder(GloveEmbedder.Load(GloveEmbedder.ModelPath(options.DataDir)), new HashingEmbedder(options.Dimensions > 0 ? options.Dimensions : HashingEmbedder.DefaultDimensions));
            case "minilm":
                return TransformerEmbedder.Load(TransformerModelSpec.MiniLm);
            case "arctic-xs":
                return TransformerEmbedder.Load(TransformerModelSpec.ArcticXs);
            case "http":
                if (http is null)
                {
                    throw new ArgumentNullException(nameof(http), "The http embedder needs an HttpClient.");
                }

                if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
                {
                    throw new ArgumentException($"The http embedder needs an absolute http(s) base URL ending in /v1, not '{options.BaseUrl}'.", nameof(options));
                }

                if (string.IsNullOrWhiteSpace(options.Model))
                {
                    throw new ArgumentException("The http embedder needs a model name.", nameof(options));
                }

                var key = options.ApiKey;
                if (key is null && !string.IsNullOrWhiteSpace(options.ApiKeyEnv))
                {
                    key = Environment.GetEnvironmentVariable(options.ApiKeyEnv);
                    if (string.IsNullOrEmpty(key))
                    {
                        throw new ArgumentException($"The environment variable {options.ApiKeyEnv} (the embedder's API key) is not set.", nameof(options));
                    }
                }

                return new HttpEmbedder(http, baseUrl, options.Model, key, Math.Max(0, options.Dimensions));
            default:
                throw new ArgumentException($"Unknown embedder '{options.Kind}': use {string.Join(", ", Kinds)}.", nameof(options));
        }
    }
}
