using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Ledger;
using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Batching;
using Frugal.Core.Budgets;
using Frugal.Core.Pipeline;
using Frugal.Storage.Sqlite.Batching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Frugal.Server.Batching;

/// <summary>
/// Makes lines final, exactly once: prices each (batch price + a <see cref="SavingReason.Batch"/> saving for lines the
/// provider's batch API ran, the normal price for self-run lines), commits their ledger rows straight to the store
/// (ledger request id and the (batch_id, custom_id) index make a re-run after a crash a no-op), then marks the lines
/// done in batches.db, settles each line's budget reservation and tells the observers — the last two only for lines
/// that were not final already. A crash between the ledger commit and the line update re-runs the line; the ledger
/// keeps its first row.
/// </summary>
public sealed partial class BatchBilling(
    SqliteBatchStore store, ILedgerStore ledger, PriceBook prices, IServiceProvider services, IEnumerable<IBatchLineObserver> observers, TimeProvider time, ILogger<BatchBilling> logger)
{
    public async ValueTask FinishAsync(BatchJobRecord job, IReadOnlyList<BatchLineRun> runs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var hasPrice = prices.TryFindForCall(job.Model, job.UpstreamModel, now, out var price);
        var entries = new List<LedgerEntry>(runs.Count);
        var results = new List<BatchLineResult>(runs.Count);
        foreach (var run in runs)
        {
            decimal? cost = null;
            var savings = new Dictionary<SavingReason, decimal>();
            if (hasPrice)
            {
                cost = CostCalculator.Compute(price!, run.Usage, run.Batched).TotalUsd;
                var synchronous = CostCalculator.Compute(price!, run.Usage).TotalUsd;
                if (run.Batched && synchronous > cost)
                {
                    savings[SavingReason.Batch] = synchronous - cost.Value;
                }
            }

            entries.Add(new LedgerEntry
            {
                Timestamp = now,
                RequestId = BatchIds.LedgerRequestId(job.Id, run.CustomId),
                Endpoint = "batch",
                KeyId = job.KeyId,
                KeyName = job.KeyName,
                Team = job.Team,
                Tags = job.Tags,
                RequestedModel = job.RequestedModel,
                Model = job.Model,
                UpstreamModel = job.UpstreamModel,
                Provider = job.Provider,
                Attempts = run.Tries,
                Usage = run.Usage,
                CostUsd = cost,
                Savings = savings,
                StatusCode = run.StatusCode,
                ErrorCode = run.StatusCode == 200 ? null : "batch_line_failed",
                Batched = run.Batched,
                BatchId = job.Id,
                CustomId = run.CustomId,
            });
            results.Add(new BatchLineResult(run.CustomId, run.StatusCode, run.Body, cost));
        }

        await ledger.WriteBatchAsync(entries, cancellationToken).ConfigureAwait(false);
        var fresh = store.FinishLines(job.Id, results);
        await SettleAsync(job, fresh).ConfigureAwait(false);
        foreach (var line in fresh)
        {
            var outcome = new BatchLineOutcome(job.Id, line.CustomId, line.StatusCode, line.Body, line.CostUsd);
            foreach (var observer in observers)
            {
                try
                {
                    await observer.OnLineFinishedAsync(outcome, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogObserverFailed(logger, observer.GetType().Name, job.Id, ex.Message);
                }
            }
        }
    }

    /// <summary>Each line's reservation becomes its real cost (0 for lines that never ran: the rest of the job's reservation is released line by line).</summary>
    private async ValueTask SettleAsync(BatchJobRecord job, IReadOnlyList<BatchLineResult> lines)
    {
        if (services.GetService<BudgetGuard>() is not { } guard || services.GetService<BudgetCatalog>() is not { } catalog)
        {
            return;
        }

        var budgets = catalog.For(new Tenant(job.KeyId, job.KeyName, job.Team, job.Tags));
        if (budgets.Count == 0)
        {
            return;
        }

        var ticket = new BudgetTicket(budgets, [], 0, null);
        foreach (var line in lines)
        {
            await guard.SettleAsync(ticket, BatchIds.Reservation(job.Id, line.CustomId), line.CostUsd ?? 0m).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "Batch line observer {Observer} failed on batch {BatchId}: {Reason}")]
    private static partial void LogObserverFailed(ILogger logger, string observer, string batchId, string reason);
}
