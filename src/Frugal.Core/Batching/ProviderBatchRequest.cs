namespace Frugal.Core.Batching;

/// <summary>
/// A provider batch to create: every line goes to <see cref="Endpoint"/> under <see cref="UpstreamModel"/>
/// (the client rewrites each body's <c>model</c>). <see cref="Metadata"/> is passed on where the
/// provider accepts it (OpenAI), to find the batch in the provider's console.
/// </summary>
public sealed record ProviderBatchRequest(
    string Endpoint,
    string UpstreamModel,
    IReadOnlyList<ProviderBatchLine> Lines,
    IReadOnlyDictionary<string, string> Metadata);
