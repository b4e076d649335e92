namespace Frugal.Core.Batching;

/// <summary>
/// What the provider says about one of its batches. <see cref="OutputLocator"/> and
/// <see cref="ErrorLocator"/> are opaque to the coordinator and only handed back to
/// <see cref="IProviderBatchClient.ReadResultsAsync"/>: OpenAI's output and error file ids,
/// Anthropic's <c>results_url</c> (in <see cref="OutputLocator"/>). The coordinator persists them
/// so a restart can read results without asking again.
/// </summary>
public sealed record ProviderBatchState(
    string ProviderBatchId,
    ProviderBatchStatus Status,
    int Total,
    int Completed,
    int Failed,
    string? OutputLocator,
    string? ErrorLocator,
    DateTimeOffset? ExpiresAt)
{
    public bool HasEnded => Status is ProviderBatchStatus.Completed or ProviderBatchStatus.Failed
        or ProviderBatchStatus.Expired or ProviderBatchStatus.Cancelled;
}
