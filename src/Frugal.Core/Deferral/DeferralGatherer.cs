using System.Text.Json;
using Frugal.Core.Batching;
using Frugal.Core.Pipeline;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Frugal.Core.Deferral;

/// <summary>
/// Hands waiting deferred calls to Frugal's batch jobs: per (key, requested model) — one job holds one key because
/// budgets reserve and ledger rows bill per key, and one requested model because a job's lines name one model (the
/// batch jobs resolve it to one provider target, so this is also per provider and upstream model) — once
/// <see cref="DeferralGathering.MaxBatchSize"/> calls wait or the oldest has waited <see cref="DeferralGathering.MaxAge"/>.
/// <para>
/// Crash safety: the calls are first claimed under a new submission id (one transaction, status Submitting), then
/// <see cref="IBatchJobs.SubmitAsync"/> runs with that id in the job's metadata (<see cref="SubmissionMetadataKey"/>),
/// then the batch id is stored. A crash before the claim leaves the calls Pending (gathered again); a crash after
/// storing the batch id leaves them Submitted (never submitted again; reconciled through
/// <see cref="IBatchJobs.FindLineAsync"/>). The only window is between the job's creation and the stored batch id: the
/// calls are Submitting, and the next start submits them again with the same submission id, for which the batch jobs
/// return the job they already created (unique per key in batches.db), so no line runs twice.
/// </para>
/// On start and every <see cref="ReconcileEvery"/> passes, submitted calls are asked about (observers are not told again
/// after a restart). Finished results older than the retention are deleted. Every loop is bounded per pass.
/// </summary>
public sealed partial class DeferralGatherer(DeferralConfig config, IDeferredStore store, IBatchJobs? jobs, TimeProvider time, ILogger<DeferralGatherer> logger)
    : BackgroundService
{
    public const string Origin = "deferred";
    public const string Endpoint = "/v1/chat/completions";
    public const string SubmissionMetadataKey = "frugal_deferral_submission";
    public const int ReconcileEvery = 12;

    private const int GroupsPerPass = 100;
    private const int SubmissionsPerPass = 100;
    private const int ReconcilePerPass = 1000;

    private readonly SemaphoreSlim _nudge = new(0, 1);
    private readonly SemaphoreSlim _pass = new(1, 1);
    private int _passes;

    /// <summary>False when no <see cref="IBatchJobs"/> is registered: the stage then refuses deferred calls (501) and this service idles.</summary>
    public bool HasBatchJobs => jobs is not null;

    /// <summary>Wakes the loop before its interval (a call was deferred; a full group is submitted without waiting).</summary>
    public void Nudge()
    {
        try
        {
            if (_nudge.CurrentCount == 0)
            {
                _nudge.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already nudged.
        }
    }

    /// <summary>One pass: resubmit interrupted submissions, submit ready groups, reconcile now and then, drop expired results.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        if (jobs is null)
        {
            return;
        }

        await _pass.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var submissions = 0;
            foreach (var interrupted in store.UnfinishedSubmissions(SubmissionsPerPass))
            {
                if (interrupted.Count > 0)
                {
                    await SubmitAsync(interrupted, interrupted[0].SubmissionId!, cancellationToken).ConfigureAwait(false);
                    submissions++;
                }
            }

            var now = time.GetUtcNow();
            foreach (var group in store.PendingGroups(GroupsPerPass))
            {
                var limits = config.GatheringFor(group.Model);
                var remaining = group.Count;
                var due = now - group.OldestCreatedAt >= limits.MaxAge;
                while (remaining > 0 && (due || remaining >= limits.MaxBatchSize) && submissions < SubmissionsPerPass)
                {
                    var submissionId = DeferredIds.NewSubmissionId();
                    var calls = store.Claim(group.KeyId, group.Model, submissionId, limits.MaxBatchSize, now);
                    if (calls.Count == 0)
                    {
                        break;
                    }

                    await SubmitAsync(calls, submissionId, cancellationToken).ConfigureAwait(false);
                    submissions++;
                    remaining -= calls.Count;
                }
            }

            if (_passes++ % ReconcileEvery == 0)
            {
                await ReconcileAsync(cancellationToken).ConfigureAwait(false);
            }

            store.DeleteFinishedBefore(now - config.Retention, 1000);
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>Asks the batch jobs about submitted calls and finishes those whose line has an outcome.</summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        var finished = 0;
        if (jobs is null)
        {
            return finished;
        }

        foreach (var call in store.Submitted(ReconcilePerPass))
        {
            if (await jobs.FindLineAsync(call.BatchId!, call.Id, cancellationToken).ConfigureAwait(false) is { } outcome
                && store.Finish(call.Id, outcome.BatchId, outcome.StatusCode, outcome.Body.ToArray(), outcome.CostUsd, time.GetUtcNow()))
            {
                finished++;
            }
        }

        return finished;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (jobs is null)
        {
            LogNoBatchJobs(logger);
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the loop must survive a failing pass (store busy, batch jobs throwing); it is logged and retried
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogPassFailed(logger, ex.GetType().Name, ex.Message);
            }

            try
            {
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var nudged = _nudge.WaitAsync(wake.Token);
                await Task.WhenAny(nudged, Task.Delay(config.GatherInterval, time, wake.Token)).ConfigureAwait(false);
                await wake.CancelAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task SubmitAsync(IReadOnlyList<DeferredCall> calls, string submissionId, CancellationToken cancellationToken)
    {
        var first = calls[0];
        var lines = new ProviderBatchLine[calls.Count];
        for (var i = 0; i < calls.Count; i++)
        {
            lines[i] = new ProviderBatchLine(calls[i].Id, calls[i].Body);
        }

        var tenant = new Tenant(first.KeyId, first.KeyName, first.Team, first.Tags) { StoreBodies = first.StoreBodies };
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [SubmissionMetadataKey] = submissionId };
        BatchJobSubmission submission;
        try
        {
            submission = await jobs!.SubmitAsync(new BatchJobRequest(tenant, Endpoint, lines, Origin, metadata), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Left Submitting under the same id: the next pass submits it again.
            LogSubmitFailed(logger, calls.Count, ex.GetType().Name, ex.Message);
            return;
        }

        var now = time.GetUtcNow();
        if (submission.BatchId is { } batchId)
        {
            store.MarkSubmitted(submissionId, batchId, now);
            LogSubmitted(logger, calls.Count, batchId);
        }
        else
        {
            var error = submission.Error ?? GatewayError.Internal("The batch jobs refused the deferred calls without saying why.");
            store.FailSubmission(submissionId, error.StatusCode, ErrorJson(error), now, webhookDue: true);
            LogRefused(logger, calls.Count, error.StatusCode, error.Code ?? error.Type);
        }
    }

    /// <summary>OpenAI's error object for a refusal (the same shape the endpoint writes).</summary>
    public static byte[] ErrorJson(GatewayError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return JsonSerializer.SerializeToUtf8Bytes(
            new ErrorResponse { Error = new ErrorBody { Message = error.Message, Type = error.Type, Code = error.Code, Param = error.Param } },
            ProtocolJson.Context.ErrorResponse);
    }

    public override void Dispose()
    {
        _nudge.Dispose();
        _pass.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deferral is enabled but this gateway runs no batch jobs: deferred calls are refused with 501 deferral_unavailable")]
    private static partial void LogNoBatchJobs(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deferral: submitted {Count} deferred calls as batch {BatchId}")]
    private static partial void LogSubmitted(ILogger logger, int count, string batchId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deferral: the batch jobs refused {Count} deferred calls ({Status} {Code}); they end with that error")]
    private static partial void LogRefused(ILogger logger, int count, int status, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deferral: submitting {Count} deferred calls failed ({Type}: {Message}); retried next pass")]
    private static partial void LogSubmitFailed(ILogger logger, int count, string type, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deferral: a gathering pass failed ({Type}: {Message})")]
    private static partial void LogPassFailed(ILogger logger, string type, string message);
}
