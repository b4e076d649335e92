namespace Frugal.Core.Batching;

/// <summary>
/// One request of a provider batch: the client's <c>custom_id</c> and the request body as UTF-8 JSON in
/// OpenAI's shape (a chat completion or embeddings request), as Frugal accepted it.
/// </summary>
public sealed record ProviderBatchLine(string CustomId, ReadOnlyMemory<byte> Body);
