namespace Frugal.Core.Batching;

/// <summary>
/// A provider batch's life, in OpenAI's terms (Anthropic's <c>in_progress</c>/<c>canceling</c>/<c>ended</c>
/// map onto it). Ended states: <see cref="Completed"/>, <see cref="Failed"/>, <see cref="Expired"/>,
/// <see cref="Cancelled"/>; their lines are read with <c>ReadResultsAsync</c> (a failed batch may have none).
/// </summary>
public enum ProviderBatchStatus
{
    Validating,
    InProgress,
    Finalizing,
    Completed,
    Failed,
    Expired,
    Cancelling,
    Cancelled,
}
