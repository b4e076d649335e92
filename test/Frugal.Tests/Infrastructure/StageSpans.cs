using System.Collections.Concurrent;
using System.Diagnostics;
using Frugal.Core.Diagnostics;

namespace Frugal.Tests.Infrastructure;

/// <summary>Collects every stage span (ActivitySource "Frugal") stopped while it is alive; dispose it to stop listening.</summary>
public sealed class StageSpans : IDisposable
{
    private readonly ConcurrentBag<Activity> _stopped = [];
    private readonly ActivityListener _listener;

    public StageSpans()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == FrugalTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Add,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>
    /// The spans of one request, once at least <paramref name="atLeast"/> have stopped (spans end when their stage
    /// returns; the ledger stage returns after the response was written: a bounded wait, not a sleep).
    /// </summary>
    public Task<List<Activity>> ForRequestAsync(string requestId, int atLeast)
        => Eventually.UntilAsync(
            () => Task.FromResult<List<Activity>>([.. _stopped.Where(a => (string?)a.GetTagItem(FrugalTracing.RequestIdTag) == requestId)]),
            spans => spans.Count >= atLeast);

    public void Dispose() => _listener.Dispose();
}
