using Frugal.Core.Batching;
using Frugal.Core.Configuration;
using Frugal.Storage.Sqlite.Batching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Frugal.Server.Batching;

/// <summary>
/// Runs the jobs in batches.db to the end, also after a restart (it only ever reads its state from the store): each
/// tick it looks at every unfinished job and does one bounded step — start it, run up to a chunk of lines itself, create
/// or poll its provider batch and take in its results, retry, cancel, expire or finalize. A provider that is down while
/// polling is polled again later with doubling back-off (the job does not fail). Steps are on <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class BatchCoordinator(
    SqliteBatchStore store, BatchBilling billing, BatchLineRunner runner, BatchOutputFiles outputs, BatchCoordinatorSignal signal,
    GatewayConfig config, IServiceProvider services, TimeProvider time, ILogger<BatchCoordinator> logger) : BackgroundService
{
    private const int ResultGroup = 500;

    /// <summary>How long one tick keeps running a self-run job's lines before it looks at the other jobs.</summary>
    private static readonly TimeSpan SelfRunSlice = TimeSpan.FromSeconds(5);

    private readonly BatchesConfig _options = config.Section<BatchesConfig>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            signal.Reset();
            try
            {
                await TickAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogTickFailed(logger, ex.GetType().Name, ex.Message);
            }

            try
            {
                await Task.WhenAny(Task.Delay(_options.TickInterval, time, stoppingToken), signal.Woken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One step for every unfinished job (public for tests that drive the coordinator without its loop).</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        foreach (var job in store.ActiveJobs())
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await StepAsync(job, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogJobStepFailed(logger, job.Id, ex.GetType().Name, ex.Message);
            }
        }
    }

    private async Task StepAsync(BatchJobRecord job, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (job.Status == BatchStatus.Validating)
        {
            var started = job with { Status = BatchStatus.InProgress, InProgressAt = now };
            if (!store.UpdateJob(started, job.Status))
            {
                return;
            }

            job = started;
        }

        if (job.Status == BatchStatus.Finalizing)
        {
            await FinalizeAsync(job, BatchStatus.Completed, cancellationToken).ConfigureAwait(false);
            return;
        }

        var client = job.Execution == BatchJobRecord.ProviderExecution ? services.GetService<IProviderBatchRegistry>()?.Find(job.Provider) : null;
        if (job.ProviderBatchId is not null && client is not null)
        {
            await PollAsync(job, client, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (job.Status == BatchStatus.Cancelling)
        {
            await EndRemainingAsync(job, "batch_cancelled", "The batch was cancelled before this line ran.", 499, cancellationToken).ConfigureAwait(false);
            await FinalizeAsync(job, BatchStatus.Cancelled, cancellationToken).ConfigureAwait(false);
            return;
        }

        await EndExhaustedAsync(job, cancellationToken).ConfigureAwait(false);
        if (store.PendingCount(job.Id) == 0)
        {
            await FinalizeAsync(job, BatchStatus.Completed, cancellationToken).ConfigureAwait(false);
            return;
        }

        var windowOpen = now < job.ExpiresAt;
        if (client is null || (job.ProviderAttempt > 0 && !windowOpen && job.RetryPolicy == BatchRetryPolicy.Synchronous))
        {
            if (!windowOpen && job.RetryPolicy != BatchRetryPolicy.Synchronous)
            {
                await ExpireAsync(job, cancellationToken).ConfigureAwait(false);
                return;
            }

            await RunSelfAsync(job, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!windowOpen)
        {
            await ExpireAsync(job, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (job.ProviderAttempt > 0 && job.RetryPolicy == BatchRetryPolicy.None)
        {
            await EndRemainingAsync(job, "batch_retries_exhausted", "The provider did not run this line and batches.retry is \"none\".", 500, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (now >= job.NextPollAt)
        {
            await CreateProviderBatchAsync(job, client, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Chunks of self-run lines for at most <see cref="SelfRunSlice"/> per tick, stopping early when the job is cancelled meanwhile.</summary>
    private async Task RunSelfAsync(BatchJobRecord job, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        do
        {
            await RunChunkAsync(job, cancellationToken).ConfigureAwait(false);
        }
        while (time.GetElapsedTime(started) < SelfRunSlice && store.PendingCount(job.Id) > 0 && store.FindJob(job.Id)?.Status == job.Status);
    }

    /// <summary>Runs up to a chunk of pending lines as ordinary calls, <see cref="BatchesConfig.Concurrency"/> at a time, and bills the final ones.</summary>
    private async Task RunChunkAsync(BatchJobRecord job, CancellationToken cancellationToken)
    {
        var lines = store.PendingLines(job.Id, _options.Concurrency * 8);
        var runs = new BatchLineRun[lines.Count];
        await Parallel.ForAsync(0, lines.Count, new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
            async (i, token) => runs[i] = await runner.RunAsync(job, lines[i], token).ConfigureAwait(false)).ConfigureAwait(false);
        var final = new List<BatchLineRun>(runs.Length);
        var again = new List<string>();
        foreach (var run in runs)
        {
            if (run.Retryable && run.Tries < _options.MaxTries && job.RetryPolicy != BatchRetryPolicy.None)
            {
                again.Add(run.CustomId);
            }
            else
            {
                final.Add(run);
            }
        }

        store.CountTry(job.Id, again);
        await billing.FinishAsync(job, final, cancellationToken).ConfigureAwait(false);
    }

    private async Task CreateProviderBatchAsync(BatchJobRecord job, IProviderBatchClient client, CancellationToken cancellationToken)
    {
        var pending = store.PendingLines(job.Id, int.MaxValue);
        var lines = new ProviderBatchLine[pending.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = new ProviderBatchLine(pending[i].CustomId, pending[i].Body);
        }

        ProviderBatchCallResult created;
        try
        {
            created = await client.CreateAsync(new ProviderBatchRequest(job.Endpoint, job.UpstreamModel, lines, job.Metadata), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            created = ProviderBatchCallResult.Refused(503, ex.Message);
        }

        var now = time.GetUtcNow();
        if (created.State is not { } state)
        {
            if (created.StatusCode is 429 or >= 500)
            {
                store.UpdateJob(job with { NextPollAt = now + Backoff(job.PollFailures), PollFailures = job.PollFailures + 1 }, job.Status);
                return;
            }

            // The provider refused the batch itself (4xx): every line gets its answer, nothing was billed upstream.
            var body = BatchWire.ErrorBody($"The provider refused the batch (HTTP {created.StatusCode}): {created.ErrorMessage}", "invalid_request_error", "provider_batch_refused");
            var runs = pending.Select(line => new BatchLineRun(line.CustomId, created.StatusCode, body, default, Batched: true, Retryable: false, line.Tries + 1)).ToList();
            await billing.FinishAsync(job, runs, cancellationToken).ConfigureAwait(false);
            return;
        }

        var attempt = job.ProviderAttempt + 1;
        store.MarkSubmitted(job.Id, attempt);
        store.AddAttempt(job.Id, attempt, state.ProviderBatchId, state.Status.ToString(), now);
        if (state.ErrorLocator is not null)
        {
            // Lines the client refused before sending (Anthropic: not translatable) are only known now, not at a later poll.
            store.UpdateAttempt(job.Id, attempt, state.Status.ToString(), state.OutputLocator, state.ErrorLocator);
        }

        store.UpdateJob(job with { ProviderAttempt = attempt, ProviderBatchId = state.ProviderBatchId, NextPollAt = now + _options.PollInterval, PollFailures = 0 }, job.Status);
    }

    private async Task PollAsync(BatchJobRecord job, IProviderBatchClient client, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (job.Status == BatchStatus.Cancelling && !job.ProviderCancelSent)
        {
            var sent = await TryAsync(() => client.CancelAsync(job.ProviderBatchId!, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (sent.Succeeded || sent.StatusCode is >= 400 and < 500)
            {
                store.UpdateJob(job with { ProviderCancelSent = true, NextPollAt = now }, job.Status);
                job = job with { ProviderCancelSent = true };
            }
        }

        if (now < job.NextPollAt)
        {
            return;
        }

        var polled = await TryAsync(() => client.GetAsync(job.ProviderBatchId!, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (polled.State is not { } state)
        {
            // The provider is down or refuses for now: keep the batch, poll again later (doubling, capped).
            store.UpdateJob(job with { NextPollAt = now + Backoff(job.PollFailures), PollFailures = job.PollFailures + 1 }, job.Status);
            return;
        }

        if (!state.HasEnded)
        {
            store.UpdateJob(job with { NextPollAt = now + _options.PollInterval, PollFailures = 0 }, job.Status);
            return;
        }

        store.UpdateAttempt(job.Id, job.ProviderAttempt, state.Status.ToString(), state.OutputLocator, state.ErrorLocator);
        if (state.ErrorLocator is null && store.AttemptErrorLocator(job.Id, job.ProviderAttempt) is { } keptAtCreate)
        {
            state = state with { ErrorLocator = keptAtCreate };
        }

        try
        {
            await TakeResultsAsync(job, client, state, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Reading again is safe: lines already final keep their first result and their one ledger row.
            store.UpdateJob(job with { NextPollAt = now + Backoff(job.PollFailures), PollFailures = job.PollFailures + 1 }, job.Status);
            return;
        }

        // The next step creates the retry batch, runs the rest itself, or finalizes. A cancel that came in meanwhile
        // is kept (UpdateJob only writes over the status it read).
        if (!store.UpdateJob(job with { ProviderBatchId = null, ProviderCancelSent = false, NextPollAt = now, PollFailures = 0 }, job.Status))
        {
            var fresh = store.FindJob(job.Id)!;
            store.UpdateJob(fresh with { ProviderBatchId = null, ProviderCancelSent = false, NextPollAt = now, PollFailures = 0 }, fresh.Status);
        }
    }

    private async Task TakeResultsAsync(BatchJobRecord job, IProviderBatchClient client, ProviderBatchState state, CancellationToken cancellationToken)
    {
        var tries = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in store.PendingLines(job.Id, int.MaxValue))
        {
            tries[line.CustomId] = line.Tries;
        }

        var group = new List<BatchLineRun>(ResultGroup);
        var cancelling = job.Status == BatchStatus.Cancelling;
        await foreach (var result in client.ReadResultsAsync(state, cancellationToken).ConfigureAwait(false))
        {
            if (!tries.TryGetValue(result.CustomId, out var tried))
            {
                continue; // not ours, or final already
            }

            var retry = result.Retryable && !cancelling && tried < _options.MaxTries && job.RetryPolicy != BatchRetryPolicy.None;
            if (retry)
            {
                continue; // stays pending: the next provider batch (or the synchronous fallback) takes it
            }

            group.Add(new BatchLineRun(result.CustomId, result.StatusCode, result.Body, Frugal.Core.Accounting.OpenAIUsage.ToTokenUsage(result.Usage), Batched: true, Retryable: false, tried));
            if (group.Count == ResultGroup)
            {
                await billing.FinishAsync(job, group, cancellationToken).ConfigureAwait(false);
                group = new List<BatchLineRun>(ResultGroup);
            }
        }

        await billing.FinishAsync(job, group, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lines tried <see cref="BatchesConfig.MaxTries"/> times without a result end as error lines.</summary>
    private async Task EndExhaustedAsync(BatchJobRecord job, CancellationToken cancellationToken)
    {
        var exhausted = store.PendingLines(job.Id, int.MaxValue).Where(line => line.Tries >= _options.MaxTries).ToList();
        if (exhausted.Count == 0)
        {
            return;
        }

        var body = BatchWire.ErrorBody($"The provider gave no answer for this line in {_options.MaxTries} tries (batches.maxTries).", "server_error", "batch_retries_exhausted");
        await billing.FinishAsync(job, [.. exhausted.Select(line => new BatchLineRun(line.CustomId, 500, body, default, Batched: false, Retryable: false, line.Tries))], cancellationToken).ConfigureAwait(false);
    }

    private async Task EndRemainingAsync(BatchJobRecord job, string code, string message, int status, CancellationToken cancellationToken)
    {
        var body = BatchWire.ErrorBody(message, "invalid_request_error", code);
        IReadOnlyList<PendingBatchLine> rest;
        while ((rest = store.PendingLines(job.Id, ResultGroup)).Count > 0)
        {
            await billing.FinishAsync(job, [.. rest.Select(line => new BatchLineRun(line.CustomId, status, body, default, Batched: false, Retryable: false, line.Tries))], cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ExpireAsync(BatchJobRecord job, CancellationToken cancellationToken)
    {
        await EndRemainingAsync(job, "batch_expired", "This line could not be run before the batch's 24 h window ended.", 408, cancellationToken).ConfigureAwait(false);
        await FinalizeAsync(job, BatchStatus.Expired, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>finalizing → writes the output and error files → the end status (a job whose lines all failed is still "completed", as OpenAI reports it).</summary>
    private async Task FinalizeAsync(BatchJobRecord job, string endStatus, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (job.Status is BatchStatus.InProgress)
        {
            var finalizing = job with { Status = BatchStatus.Finalizing, FinalizingAt = now };
            if (!store.UpdateJob(finalizing, job.Status))
            {
                return;
            }

            job = finalizing;
        }

        var (output, error) = await outputs.WriteAsync(job, cancellationToken).ConfigureAwait(false);
        var ended = job with
        {
            Status = endStatus,
            OutputFileId = output,
            ErrorFileId = error,
            CompletedAt = endStatus == BatchStatus.Completed ? now : job.CompletedAt,
            ExpiredAt = endStatus == BatchStatus.Expired ? now : job.ExpiredAt,
            CancelledAt = endStatus == BatchStatus.Cancelled ? now : job.CancelledAt,
        };
        store.UpdateJob(ended, job.Status);
    }

    private TimeSpan Backoff(int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures, 16));
        var wait = TimeSpan.FromTicks((long)Math.Min(_options.PollInterval.Ticks * factor, _options.MaxPollInterval.Ticks));
        return wait;
    }

    private static async Task<ProviderBatchCallResult> TryAsync(Func<ValueTask<ProviderBatchCallResult>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return ProviderBatchCallResult.Refused(503, ex.Message);
        }
    }

    [LoggerMessage(EventId = 1502, Level = LogLevel.Error, Message = "Batch coordinator tick failed: {Type}: {Reason}")]
    private static partial void LogTickFailed(ILogger logger, string type, string reason);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "Batch {BatchId}: step failed ({Type}: {Reason}); retried next tick")]
    private static partial void LogJobStepFailed(ILogger logger, string batchId, string type, string reason);
}
