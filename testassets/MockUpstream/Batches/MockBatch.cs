namespace Frugal.MockUpstream.Batches;

/// <summary>
/// A batch on the mock's compressed clock: validating for the first half of
/// <see cref="MockUpstreamOptions.BatchDelayMs"/>, in progress for the second, then its lines are answered
/// (once, on the first read after the delay) and it has ended (completed, or expired under
/// <c>[[batch:expire]]</c>). A cancel before the end makes it cancelling; the next read finds it cancelled
/// with no line run. The phase is worked out when the batch is read, so there is no background timer.
/// </summary>
internal sealed class MockBatch : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _pollFailuresLeft;

    public MockBatch(string id, string endpoint, IReadOnlyList<MockBatchLine> lines, DateTimeOffset createdAt, bool expire, int pollFailures, IReadOnlyDictionary<string, string> headers)
    {
        Id = id;
        Endpoint = endpoint;
        Lines = lines;
        CreatedAt = createdAt;
        Expire = expire;
        _pollFailuresLeft = pollFailures;
        Headers = headers;
    }

    public string Id { get; }

    public string Endpoint { get; }

    public IReadOnlyList<MockBatchLine> Lines { get; }

    public DateTimeOffset CreatedAt { get; }

    public bool Expire { get; }

    /// <summary>The create request's credential headers, which each line is run with.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    public MockBatchPhase Phase { get; private set; } = MockBatchPhase.Validating;

    public DateTimeOffset? InProgressAt { get; private set; }

    public DateTimeOffset? CancellingAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>Every line's result once the batch has ended.</summary>
    public IReadOnlyList<BatchLineResult> Results { get; private set; } = [];

    public string? OutputFileId { get; set; }

    public string? ErrorFileId { get; set; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    public string? InputFileId { get; init; }

    public bool HasEnded => Phase is MockBatchPhase.Completed or MockBatchPhase.Expired or MockBatchPhase.Cancelled;

    /// <summary>True (and one failure used up) while a <c>[[batch:poll-fail:N]]</c> still has failures left.</summary>
    public bool TakePollFailure() => Interlocked.Decrement(ref _pollFailuresLeft) >= 0;

    /// <summary>Brings the phase up to <paramref name="now"/>, answering the lines when the delay has passed.</summary>
    public async Task AdvanceAsync(DateTimeOffset now, TimeSpan delay, Func<MockBatchLine, Task<(int Status, byte[] Body)>> run, Func<MockBatch, Task> onEnded)
    {
        await _gate.WaitAsync();
        try
        {
            if (HasEnded)
            {
                return;
            }

            if (Phase == MockBatchPhase.Cancelling)
            {
                Results = [.. Lines.Select(line => new BatchLineResult(line.CustomId, 0, [], BatchLineFate.Cancelled))];
                Phase = MockBatchPhase.Cancelled;
                EndedAt = now;
                await onEnded(this);
                return;
            }

            var elapsed = now - CreatedAt;
            if (elapsed < delay / 2)
            {
                return;
            }

            InProgressAt ??= now;
            Phase = MockBatchPhase.InProgress;
            if (elapsed < delay)
            {
                return;
            }

            var results = new List<BatchLineResult>(Lines.Count);
            foreach (var line in Lines)
            {
                if (Expire && BatchDirectives.Expires(line.Text))
                {
                    results.Add(new BatchLineResult(line.CustomId, 0, [], BatchLineFate.Expired));
                    continue;
                }

                var (status, body) = await run(line);
                results.Add(new BatchLineResult(line.CustomId, status, body, BatchLineFate.Answered));
            }

            Results = results;
            Phase = Expire ? MockBatchPhase.Expired : MockBatchPhase.Completed;
            EndedAt = now;
            await onEnded(this);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Cancels a batch that has not ended; an ended batch stays as it is.</summary>
    public async Task CancelAsync(DateTimeOffset now)
    {
        await _gate.WaitAsync();
        try
        {
            if (!HasEnded && Phase != MockBatchPhase.Cancelling)
            {
                Phase = MockBatchPhase.Cancelling;
                CancellingAt = now;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    public int Count(BatchLineFate fate, bool succeeded)
    {
        var n = 0;
        foreach (var result in Results)
        {
            if (result.Fate == fate && (fate != BatchLineFate.Answered || (result.Status == StatusCodes.Status200OK) == succeeded))
            {
                n++;
            }
        }

        return n;
    }
}
