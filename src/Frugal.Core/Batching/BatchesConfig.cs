namespace Frugal.Core.Batching;

/// <summary>The optional <c>batches</c> section: limits of uploaded batch files and how the coordinator runs jobs.</summary>
public sealed record BatchesConfig
{
    /// <summary>OpenAI's own limit per batch file; configurable lower only.</summary>
    public const int MaxLinesCeiling = 50_000;

    /// <summary>OpenAI's own limit per batch file (200 MB); configurable lower only.</summary>
    public const long MaxFileBytesCeiling = 200L * 1024 * 1024;

    public int MaxLines { get; init; } = MaxLinesCeiling;

    public long MaxFileBytes { get; init; } = MaxFileBytesCeiling;

    /// <summary>Lines a self-run job (no provider batch API) sends at once, per job.</summary>
    public int Concurrency { get; init; } = 8;

    public BatchRetryPolicy Retry { get; init; } = BatchRetryPolicy.Batch;

    /// <summary>How many times a retryable line is tried in all before it is written to the error file.</summary>
    public int MaxTries { get; init; } = 3;

    /// <summary>First wait between two polls of a provider batch; doubled after each failed poll up to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the coordinator looks at the jobs (new jobs, self-run progress, due polls).</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(1);
}
