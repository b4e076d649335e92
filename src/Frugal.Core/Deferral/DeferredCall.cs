namespace Frugal.Core.Deferral;

/// <summary>
/// One deferred call as stored: who sent it (the tenant is rebuilt from these fields when it is submitted, so budgets
/// and ledger rows are the key's), the requested model, the request body (JSON, as the pipeline had it after privacy
/// masking), where its result goes, and how far it got. <see cref="ResultBody"/> is exactly what the synchronous call
/// would have answered with <see cref="ResultStatus"/>.
/// </summary>
public sealed record DeferredCall
{
    public required string Id { get; init; }

    public required string KeyId { get; init; }

    public required string KeyName { get; init; }

    public string? Team { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public bool StoreBodies { get; init; }

    public required string Model { get; init; }

    public required byte[] Body { get; init; }

    public Uri? WebhookUrl { get; init; }

    public DeferredStatus Status { get; init; }

    public string? SubmissionId { get; init; }

    public string? BatchId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? SubmittedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public int? ResultStatus { get; init; }

    public byte[]? ResultBody { get; init; }

    public decimal? CostUsd { get; init; }

    public int WebhookAttempts { get; init; }

    public bool IsFinished => Status is DeferredStatus.Completed or DeferredStatus.Failed;

    /// <summary>The status a client sees: "pending" until a batch holds it, then "submitted", "completed", "failed".</summary>
    public string PublicStatus => Status switch
    {
        DeferredStatus.Pending or DeferredStatus.Submitting => "pending",
        DeferredStatus.Submitted => "submitted",
        DeferredStatus.Completed => "completed",
        _ => "failed",
    };
}
