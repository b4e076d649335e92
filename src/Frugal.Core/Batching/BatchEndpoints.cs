namespace Frugal.Core.Batching;

/// <summary>The endpoints a batch line may target (OpenAI's batch <c>endpoint</c> / line <c>url</c>) that Frugal serves.</summary>
public static class BatchEndpoints
{
    public const string ChatCompletions = "/v1/chat/completions";
    public const string Embeddings = "/v1/embeddings";

    public static bool IsSupported(string? endpoint) => endpoint is ChatCompletions or Embeddings;
}
