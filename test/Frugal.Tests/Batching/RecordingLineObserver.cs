using System.Collections.Concurrent;
using Frugal.Core.Batching;

namespace Frugal.Tests.Batching;

/// <summary>Records every line outcome the coordinator announces (what deferral will listen to).</summary>
public sealed class RecordingLineObserver : IBatchLineObserver
{
    public ConcurrentQueue<BatchLineOutcome> Seen { get; } = new();

    public ValueTask OnLineFinishedAsync(BatchLineOutcome outcome, CancellationToken cancellationToken)
    {
        Seen.Enqueue(outcome);
        return ValueTask.CompletedTask;
    }
}
