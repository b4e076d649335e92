namespace Frugal.Core.Batching;

/// <summary>
/// A batch job as batches.db keeps it: who owns it (the key's tenant fields, so ledger rows and budgets need no key
/// lookup after a restart), the one target its lines run on, how (<see cref="Execution"/> "provider" = the provider's
/// batch API at the batch price, "synchronous" = ordinary calls at the normal price), its OpenAI status and
/// timestamps, and the coordinator's state (current provider batch, poll schedule).
/// </summary>
public sealed record BatchJobRecord
{
    public const string ProviderExecution = "provider";
    public const string SynchronousExecution = "synchronous";

    public required string Id { get; init; }
    public required string KeyId { get; init; }
    public required string KeyName { get; init; }
    public string? Team { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public bool StoreBodies { get; init; }
    public required string Origin { get; init; }
    public required string Endpoint { get; init; }
    public required string RequestedModel { get; init; }
    public required string Model { get; init; }
    public required string Provider { get; init; }
    public required string UpstreamModel { get; init; }
    public required string Execution { get; init; }
    public required BatchRetryPolicy RetryPolicy { get; init; }
    public required string Status { get; init; }
    public string? InputFileId { get; init; }
    public string? OutputFileId { get; init; }
    public string? ErrorFileId { get; init; }
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Why the job failed (OpenAI's <c>errors.data[].message</c>), when it did.</summary>
    public string? Errors { get; init; }
    public int Total { get; init; }
    public int Completed { get; init; }
    public int Failed { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? InProgressAt { get; init; }
    public DateTimeOffset? FinalizingAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public DateTimeOffset? FailedAt { get; init; }
    public DateTimeOffset? ExpiredAt { get; init; }
    public DateTimeOffset? CancellingAt { get; init; }
    public DateTimeOffset? CancelledAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>How many provider batches the job created (the current one's number).</summary>
    public int ProviderAttempt { get; init; }

    /// <summary>The provider batch being polled; null between attempts and for self-run jobs.</summary>
    public string? ProviderBatchId { get; init; }
    public bool ProviderCancelSent { get; init; }
    public DateTimeOffset NextPollAt { get; init; }
    public int PollFailures { get; init; }
}
