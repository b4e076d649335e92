namespace Frugal.Core.Batching;

/// <summary>
/// Frugal's own batch jobs, as other parts of the gateway use them: deferral hands its gathered
/// calls in here and reads each call's outcome back. The batch API endpoints go through the same
/// jobs, so a deferred call is billed, retried and resumed after a restart exactly like a line of
/// a batch a client uploaded.
/// </summary>
public interface IBatchJobs
{
    /// <summary>
    /// Creates a job (validated like an uploaded file; budgets reserve its worst case) and returns its
    /// batch id, or the error a client would get (400 naming the bad lines, 429 budget_exceeded).
    /// </summary>
    ValueTask<BatchJobSubmission> SubmitAsync(BatchJobRequest request, CancellationToken cancellationToken);

    /// <summary>The line's final outcome, or <see langword="null"/> while it is pending or unknown.</summary>
    ValueTask<BatchLineOutcome?> FindLineAsync(string batchId, string customId, CancellationToken cancellationToken);
}
