using System.Globalization;
using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Batching;
using Frugal.Core.Budgets;
using Frugal.Core.Configuration;
using Frugal.Core.Deferral;
using Frugal.Core.Pipeline;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;
using Frugal.Storage.Sqlite.Batching;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Server.Batching;

/// <summary>
/// Creates jobs (the batch API's <c>POST /v1/batches</c> and deferral's <see cref="IBatchJobs.SubmitAsync"/> alike):
/// checks every line, resolves the one target, refuses lines with personal data when privacy is on
/// (<see cref="BatchPrivacy"/>: batch lines are never masked), decides provider batch or self-run, reserves each line's worst case in
/// the key's budgets (all or nothing: a refusal releases what was granted and nothing is stored), then stores the
/// job and its lines in one transaction and wakes the coordinator.
/// </summary>
public sealed class BatchJobs(
    SqliteBatchStore store, GatewayConfig config, BatchTargets targets, PriceBook prices, IServiceProvider services, BatchCoordinatorSignal signal, TimeProvider time)
    : IBatchJobs
{
    /// <summary>Jobs of deferral (not listed by <c>GET /v1/batches</c>).</summary>
    public const string DeferredOrigin = "deferred";

    public const string ApiOrigin = "api";

    private readonly BatchesConfig _options = config.Section<BatchesConfig>();

    public ValueTask<BatchJobSubmission> SubmitAsync(BatchJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CreateAsync(request, inputFileId: null, cancellationToken);
    }

    public ValueTask<BatchLineOutcome?> FindLineAsync(string batchId, string customId, CancellationToken cancellationToken)
        => ValueTask.FromResult(store.FindLine(batchId, customId) is { } line
            ? new BatchLineOutcome(batchId, line.CustomId, line.StatusCode, line.Body, line.CostUsd)
            : null);

    public async ValueTask<BatchJobSubmission> CreateAsync(BatchJobRequest request, string? inputFileId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!BatchEndpoints.IsSupported(request.Endpoint))
        {
            return Refused($"endpoint must be {BatchEndpoints.ChatCompletions} or {BatchEndpoints.Embeddings}", "endpoint");
        }

        var (model, problems) = CheckLines(request.Lines);
        if (problems.Any)
        {
            return BatchJobSubmission.Refused(GatewayError.InvalidRequest(problems.Message("The batch has bad lines, nothing was submitted"), code: "invalid_batch_file"));
        }

        if (targets.Resolve(model!) is not { } target)
        {
            return BatchJobSubmission.Refused(GatewayError.InvalidRequest(
                $"line 1: unknown model {BatchFileProblems.Quote(model!)} (not a configured model, route or provider/model)", "model", "model_not_found"));
        }

        // Deferral submits a group again under the same submission id when it could not record the first answer
        // (a crash between the job's creation and its own UPDATE): that is the same job, not a second one.
        var submission = request.Origin == DeferredOrigin ? request.Metadata.GetValueOrDefault(DeferralGatherer.SubmissionMetadataKey) : null;
        if (submission is not null && store.FindJobIdBySubmission(request.Tenant.KeyId, submission) is { } submitted)
        {
            return BatchJobSubmission.Created(submitted);
        }

        if (services.GetRequiredService<BatchPrivacy>().Check(request.Tenant, model!, request.Endpoint, request.Lines) is { } personal)
        {
            return BatchJobSubmission.Refused(personal);
        }

        var client = services.GetService<IProviderBatchRegistry>()?.Find(target.Provider.Name);
        var execution = client is null ? BatchJobRecord.SynchronousExecution : BatchJobRecord.ProviderExecution;
        var now = time.GetUtcNow();
        var id = BatchIds.NewBatch();
        var metadata = new Dictionary<string, string>(request.Metadata, StringComparer.Ordinal)
        {
            ["frugal_execution"] = client is null ? "synchronous" : "provider_batch",
        };
        var job = new BatchJobRecord
        {
            Id = id,
            KeyId = request.Tenant.KeyId,
            KeyName = request.Tenant.KeyName,
            Team = request.Tenant.Team,
            Tags = request.Tenant.Tags,
            StoreBodies = request.Tenant.StoreBodies,
            Origin = request.Origin,
            Endpoint = request.Endpoint,
            RequestedModel = model!,
            Model = target.Model,
            Provider = target.Provider.Name,
            UpstreamModel = target.UpstreamModel,
            Execution = execution,
            RetryPolicy = _options.Retry,
            Status = BatchStatus.Validating,
            InputFileId = inputFileId,
            Metadata = metadata,
            Total = request.Lines.Count,
            CreatedAt = now,
            ExpiresAt = now.AddHours(24),
        };

        if (await ReserveAsync(job, request.Tenant, target.Model, target.UpstreamModel, request.Lines, batched: client is not null, cancellationToken) is { } refused)
        {
            return BatchJobSubmission.Refused(refused);
        }

        var stored = store.AddJob(job, request.Lines, submission);
        if (!string.Equals(stored, id, StringComparison.Ordinal))
        {
            // A concurrent submit of the same submission stored first: release this attempt's reservations.
            await ReleaseAsync(request.Tenant, id, request.Lines).ConfigureAwait(false);
            return BatchJobSubmission.Created(stored);
        }

        signal.Wake();
        return BatchJobSubmission.Created(id);
    }

    /// <summary>Custom ids (present, unique) and each body's model, which must be one model for the whole batch.</summary>
    private (string? Model, BatchFileProblems Problems) CheckLines(IReadOnlyList<ProviderBatchLine> lines)
    {
        var problems = new BatchFileProblems();
        if (lines.Count == 0)
        {
            problems.Add(0, "the batch has no lines");
        }
        else if (lines.Count > _options.MaxLines)
        {
            problems.Add(0, string.Create(CultureInfo.InvariantCulture, $"the batch has {lines.Count} lines, more than {_options.MaxLines} (batches.maxLines)"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? model = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var number = i + 1;
            var line = lines[i];
            if (string.IsNullOrEmpty(line.CustomId))
            {
                problems.Add(number, "missing custom_id");
            }
            else if (!seen.Add(line.CustomId))
            {
                problems.Add(number, "duplicate custom_id " + BatchFileProblems.Quote(line.CustomId));
            }

            var lineModel = BatchLineFields.BodyModel(line.Body.Span, out var error);
            if (error is not null)
            {
                problems.Add(number, error);
            }
            else if (model is null)
            {
                model = lineModel;
            }
            else if (!string.Equals(model, lineModel, StringComparison.Ordinal))
            {
                problems.Add(number, $"model {BatchFileProblems.Quote(lineModel!)} differs from {BatchFileProblems.Quote(model)} (one model per batch)");
            }
        }

        return (model, problems);
    }

    /// <summary>
    /// Reserves every line's worst case (counted prompt + max output at the price the job will pay) in the key's
    /// budgets, one reservation per line so each is settled when its line ends. Null when reserved (or no budget applies).
    /// </summary>
    private async ValueTask<GatewayError?> ReserveAsync(
        BatchJobRecord job, Tenant tenant, string model, string upstreamModel, IReadOnlyList<ProviderBatchLine> lines, bool batched, CancellationToken cancellationToken)
    {
        if (services.GetService<BudgetGuard>() is not { } guard || services.GetService<BudgetCatalog>() is not { } catalog)
        {
            return null;
        }

        var budgets = catalog.For(tenant);
        if (budgets.Count == 0)
        {
            return null;
        }

        if (!prices.TryFindForCall(model, upstreamModel, time.GetUtcNow(), out var price))
        {
            return guard.Options.AllowUnpriced ? null : BudgetErrors.Unpriced(model);
        }

        var ticket = new BudgetTicket(budgets, [], 0, null);
        var factor = batched ? 1m - price.BatchDiscount : 1m;
        var granted = new List<string>(lines.Count);
        foreach (var line in lines)
        {
            var worstCase = WorstCase(price, job.Endpoint, line.Body) * factor;
            var reservation = BatchIds.Reservation(job.Id, line.CustomId);
            var (error, _) = await guard.ReserveAsync(ticket, reservation, worstCase, worstCase, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                foreach (var done in granted)
                {
                    await guard.SettleAsync(ticket, done, 0m).ConfigureAwait(false);
                }

                return error with
                {
                    Message = string.Create(CultureInfo.InvariantCulture, $"The batch does not fit the budget: {lines.Count} lines need up to ${WorstCaseTotal(price, job.Endpoint, lines) * factor:0.######} in all. {error.Message}"),
                };
            }

            granted.Add(reservation);
        }

        return null;
    }

    private async ValueTask ReleaseAsync(Tenant tenant, string jobId, IReadOnlyList<ProviderBatchLine> lines)
    {
        if (services.GetService<BudgetGuard>() is not { } guard || services.GetService<BudgetCatalog>() is not { } catalog)
        {
            return;
        }

        var budgets = catalog.For(tenant);
        if (budgets.Count == 0)
        {
            return;
        }

        var ticket = new BudgetTicket(budgets, [], 0, null);
        foreach (var line in lines)
        {
            await guard.SettleAsync(ticket, BatchIds.Reservation(jobId, line.CustomId), 0m).ConfigureAwait(false);
        }
    }

    private decimal WorstCaseTotal(ModelPrice price, string endpoint, IReadOnlyList<ProviderBatchLine> lines)
    {
        var total = 0m;
        foreach (var line in lines)
        {
            total += WorstCase(price, endpoint, line.Body);
        }

        return total;
    }

    private decimal WorstCase(ModelPrice price, string endpoint, ReadOnlyMemory<byte> body)
    {
        var budgets = services.GetRequiredService<BudgetCatalog>().Options;
        try
        {
            if (endpoint == BatchEndpoints.Embeddings)
            {
                var embedding = System.Text.Json.JsonSerializer.Deserialize(body.Span, ProtocolJson.Context.EmbeddingRequest);
                return embedding is null ? 0m : new CallCostEstimate(price, PromptTokenCounter.Embedding(embedding), 1).Cost(0);
            }

            var chat = System.Text.Json.JsonSerializer.Deserialize(body.Span, ProtocolJson.Context.ChatCompletionRequest);
            if (chat is null)
            {
                return 0m;
            }

            return new CallCostEstimate(price, PromptTokenCounter.Chat(chat), Math.Max(1, chat.N ?? 1)).Cost(Math.Max(0, chat.OutputTokenCap ?? budgets.DefaultMaxOutputTokens));
        }
        catch (System.Text.Json.JsonException)
        {
            return 0m; // a body the upstream will refuse costs nothing
        }
    }

    private static BatchJobSubmission Refused(string message, string param)
        => BatchJobSubmission.Refused(GatewayError.InvalidRequest(message, param));
}
