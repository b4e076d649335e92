namespace Frugal.Core.Caching.Semantic.Embedding;

/// <summary>How a transformer's token vectors become one sentence vector: what the model was trained with.</summary>
public enum SentencePooling
{
    /// <summary>The average of the token vectors (sentence-transformers' all-MiniLM-L6-v2).</summary>
    Mean,

    /// <summary>The vector of the leading [CLS] token (Snowflake arctic-embed).</summary>
    Cls,
}
