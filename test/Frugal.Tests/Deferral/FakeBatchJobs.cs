using System.Collections.Concurrent;
using Frugal.Core.Batching;
using Frugal.Core.Pipeline;

namespace Frugal.Tests.Deferral;

/// <summary>
/// Test-only <see cref="IBatchJobs"/> for the gatherer's own logic (claims, refusals, a submit that throws, the crash
/// window, reconciliation) without running lines: it records each submission, and the test finishes lines with
/// <see cref="FinishAsync"/>, which tells the observers and answers <see cref="FindLineAsync"/> afterwards (like the
/// job store after a restart). The end-to-end tests (DeferralFunctionalTests) use the real batch jobs.
/// </summary>
public sealed class FakeBatchJobs : IBatchJobs
{
    private readonly ConcurrentDictionary<(string BatchId, string CustomId), BatchLineOutcome> _outcomes = new();
    private int _batches;

    public ConcurrentQueue<(string BatchId, BatchJobRequest Request)> Submissions { get; } = new();

    /// <summary>Set to refuse submissions (e.g. a budget's 429).</summary>
    public GatewayError? RefuseWith { get; set; }

    /// <summary>Set to throw from SubmitAsync (the batch store is down).</summary>
    public bool Throw { get; set; }

    public IReadOnlyList<IBatchLineObserver> Observers { get; set; } = [];

    public ValueTask<BatchJobSubmission> SubmitAsync(BatchJobRequest request, CancellationToken cancellationToken)
    {
        if (Throw)
        {
            throw new InvalidOperationException("batch store unavailable");
        }

        if (RefuseWith is { } error)
        {
            return ValueTask.FromResult(BatchJobSubmission.Refused(error));
        }

        var id = $"batch_fake_{Interlocked.Increment(ref _batches)}";
        Submissions.Enqueue((id, request));
        return ValueTask.FromResult(BatchJobSubmission.Created(id));
    }

    public ValueTask<BatchLineOutcome?> FindLineAsync(string batchId, string customId, CancellationToken cancellationToken)
        => ValueTask.FromResult(_outcomes.TryGetValue((batchId, customId), out var outcome) ? outcome : null);

    /// <summary>Makes a line's outcome final; <paramref name="tellObservers"/> false = it finished while the gateway was down.</summary>
    public async Task FinishAsync(string batchId, string customId, int status, byte[] body, decimal? costUsd, bool tellObservers = true)
    {
        var outcome = new BatchLineOutcome(batchId, customId, status, body, costUsd);
        _outcomes[(batchId, customId)] = outcome;
        if (tellObservers)
        {
            foreach (var observer in Observers)
            {
                await observer.OnLineFinishedAsync(outcome, CancellationToken.None);
            }
        }
    }
}
