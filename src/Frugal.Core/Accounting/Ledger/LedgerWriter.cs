using System.Threading.Channels;
using Frugal.Core.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Frugal.Core.Accounting.Ledger;

/// <summary>
/// Takes finished entries off the request path through a bounded queue and commits them in
/// batches: whatever accumulated while the previous batch was committing goes in the next
/// one, so the batch size follows the load. A failed commit is retried, never dropped; a
/// graceful stop drains the queue. With <see cref="LedgerOptions.CommitBeforeAnswer"/> each
/// enqueue completes only once its batch is committed (group commit), so no answered request can
/// be lost to a crash.
/// </summary>
public sealed partial class LedgerWriter : BackgroundService, ILedgerSink, IAsyncDisposable
{
    private readonly Channel<QueuedEntry> _queue;
    private readonly ILedgerStore _store;
    private readonly LedgerOptions _options;
    private readonly FrugalMetrics _metrics;
    private readonly ILogger<LedgerWriter> _logger;
    private readonly List<LedgerEntry> _batch;
    private readonly List<TaskCompletionSource> _waiters = [];
    private readonly SemaphoreSlim _commitLock = new(1, 1);
    private int _failingCommits;

    public LedgerWriter(ILedgerStore store, LedgerOptions options, FrugalMetrics metrics, ILogger<LedgerWriter> logger)
    {
        _store = store;
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _batch = new List<LedgerEntry>(options.MaxBatchSize);
        _queue = Channel.CreateBounded<QueuedEntry>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Entries waiting to be committed.</summary>
    public int Pending => _queue.Reader.Count;

    /// <summary>The queue's bound (<see cref="LedgerOptions.QueueCapacity"/>): at it, answers wait for the writer.</summary>
    public int Capacity => _options.QueueCapacity;

    /// <summary>Failed attempts of the batch being committed now; 0 after every successful commit (read by /readyz).</summary>
    public int FailingCommits => Volatile.Read(ref _failingCommits);

    public ValueTask EnqueueAsync(LedgerEntry entry)
    {
        if (_options.CommitBeforeAnswer)
        {
            return EnqueueAndAwaitCommitAsync(entry);
        }

        return WriteAsync(new QueuedEntry(entry, null));
    }

    private async ValueTask EnqueueAndAwaitCommitAsync(LedgerEntry entry)
    {
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await WriteAsync(new QueuedEntry(entry, committed)).ConfigureAwait(false);

        // Bounded: a store that keeps failing must not hold answers forever; the entry itself stays queued and is retried.
        try
        {
            await committed.Task.WaitAsync(_options.CommitWaitLimit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogCommitWaitExceeded(_logger, _options.CommitWaitLimit.TotalSeconds);
        }
    }

    /// <summary>At once unless the queue is full; then it waits (backpressure, never loss) and counts that it did.</summary>
    private ValueTask WriteAsync(QueuedEntry queued)
    {
        if (_queue.Writer.TryWrite(queued))
        {
            return ValueTask.CompletedTask;
        }

        _metrics.LedgerQueueFull.Add(1);
        return _queue.Writer.WriteAsync(queued);
    }

    /// <summary>Commits everything queued so far (used on stop, and by tests and the CLI's short-lived hosts).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (_queue.Reader.Count > 0)
        {
            await CommitAvailableAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await CommitAvailableAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync drains what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>After the host has stopped no request can still be running: commit the last stragglers.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await FlushAsync(CancellationToken.None).ConfigureAwait(false);
        Dispose();
        _commitLock.Dispose();
    }

    private async Task CommitAvailableAsync(CancellationToken cancellationToken)
    {
        await _commitLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            _batch.Clear();
            _waiters.Clear();
            while (_batch.Count < _options.MaxBatchSize && _queue.Reader.TryRead(out var queued))
            {
                _batch.Add(queued.Entry);
                if (queued.Committed is not null)
                {
                    _waiters.Add(queued.Committed);
                }
            }

            if (_batch.Count == 0)
            {
                return;
            }

            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await _store.WriteBatchAsync(_batch, CancellationToken.None).ConfigureAwait(false);
                    Volatile.Write(ref _failingCommits, 0);
                    _metrics.LedgerWritten.Add(_batch.Count);
                    foreach (var waiter in _waiters)
                    {
                        waiter.TrySetResult();
                    }

                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _metrics.LedgerWriteFailures.Add(1);
                    Volatile.Write(ref _failingCommits, attempt);
                    LogCommitFailed(_logger, _batch.Count, attempt, ex.GetType().Name, ex.Message);
                    // Not cancellable: the batch is only in memory, so giving up would lose it.
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 50 * attempt * attempt)), CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _commitLock.Release();
        }
    }

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "An answer waited {Seconds} s for its ledger commit and was sent before it; the entry stays queued")]
    private static partial void LogCommitWaitExceeded(ILogger logger, double seconds);

    /// <summary>An entry and, with commit-before-answer, the signal its request awaits.</summary>
    private readonly record struct QueuedEntry(LedgerEntry Entry, TaskCompletionSource? Committed);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "Ledger commit of {Count} entries failed (attempt {Attempt}, {ExceptionType}: {ExceptionMessage}); retrying, nothing is dropped")]
    private static partial void LogCommitFailed(ILogger logger, int count, int attempt, string exceptionType, string exceptionMessage);
}
