using System.Globalization;
using System.Text;
using System.Text.Json;
using Frugal.Core.Admission;
using Frugal.Core.Configuration;
using Frugal.Core.Pipeline;
using Frugal.Protocol.Json;

namespace Frugal.Core.Accounting.Ledger;

/// <summary>
/// Turns a finished request into its single ledger entry: prices it, decides whether bodies
/// may be kept, and hands it to the queue. Also records requests refused before the pipeline
/// (bad key, bad JSON) so that every client request is in the ledger exactly once.
/// </summary>
public sealed class RequestLedger(ILedgerSink sink, CostEngine costs, LedgerOptions options, GatewayConfig config, TimeProvider time)
{
    public ValueTask RecordAsync(GatewayRequest request)
    {
        var record = request.Record;
        costs.Price(record);
        var storeBodies = ShouldStoreBodies(request);
        var elapsed = time.GetElapsedTime(record.StartTimestamp);
        var entry = new LedgerEntry
        {
            Timestamp = time.GetUtcNow() - elapsed,
            RequestId = request.RequestId,
            Endpoint = record.Endpoint ?? (request.Embedding is null ? "chat" : "embeddings"),
            KeyId = request.Tenant.KeyId,
            KeyName = request.Tenant.KeyName,
            Team = request.Tenant.Team,
            Tags = request.Tenant.Tags,
            RequestedModel = request.RequestedModel,
            Model = record.ResolvedModel,
            UpstreamModel = record.UpstreamModel,
            Provider = record.Provider,
            Attempts = record.AttemptCount,
            AttemptLog = AttemptLog(record),
            Usage = record.Usage,
            UsageEstimated = record.UsageEstimated,
            CostUsd = record.CostUsd,
            Savings = new Dictionary<SavingReason, decimal>(record.Savings),
            LatencyMs = elapsed.TotalMilliseconds,
            TimeToFirstTokenMs = record.FirstTokenTimestamp == 0 ? null : time.GetElapsedTime(record.StartTimestamp, record.FirstTokenTimestamp).TotalMilliseconds,
            StatusCode = record.StatusCode,
            ErrorCode = record.ErrorCode,
            CacheOutcome = record.CacheOutcome,
            Streamed = record.Streamed,
            Batched = record.Batched,
            RequestBody = storeBodies ? RequestBody(request) : null,
            ResponseBody = storeBodies ? record.ResponseText : null,
        };
        return sink.EnqueueAsync(entry);
    }

    /// <summary>A request refused before it reached the pipeline: no model was called, nothing was spent.</summary>
    public ValueTask RecordRejectedAsync(string requestId, string endpoint, Tenant? tenant, string? requestedModel, GatewayError error, long startTimestamp)
    {
        var elapsed = time.GetElapsedTime(startTimestamp);
        return sink.EnqueueAsync(new LedgerEntry
        {
            Timestamp = time.GetUtcNow() - elapsed,
            RequestId = requestId,
            Endpoint = endpoint,
            KeyId = tenant?.KeyId ?? "unauthenticated",
            KeyName = tenant?.KeyName,
            Team = tenant?.Team,
            Tags = tenant?.Tags ?? [],
            RequestedModel = requestedModel,
            CostUsd = 0m,
            LatencyMs = elapsed.TotalMilliseconds,
            StatusCode = error.StatusCode,
            ErrorCode = error.Code ?? error.Type,
        });
    }

    /// <summary>
    /// One row standing for <paramref name="count"/> refused, unauthenticated requests that were counted
    /// but not written one by one (see UnauthenticatedRequests): tagged <c>suppressed:N</c>, at the end of their minute.
    /// </summary>
    public ValueTask RecordSuppressedAsync(string requestId, string endpoint, GatewayError error, long count, DateTimeOffset at)
        => sink.EnqueueAsync(new LedgerEntry
        {
            Timestamp = at,
            RequestId = requestId,
            Endpoint = endpoint,
            KeyId = "unauthenticated",
            Tags = [$"suppressed:{count.ToString(CultureInfo.InvariantCulture)}"],
            CostUsd = 0m,
            StatusCode = error.StatusCode,
            ErrorCode = "unauthenticated_suppressed",
        });

    public bool ShouldStoreBodies(GatewayRequest request)
        => options.StoreBodies
            || request.Tenant.StoreBodies
            || (request.Record.ResolvedModel is { } model && config.Models.TryGetValue(model, out var modelConfig) && modelConfig.StoreBodies);

    private static string? AttemptLog(CallRecord record)
    {
        var attempts = record.Attempts;
        if (attempts.Count == 0)
        {
            return null;
        }

        var log = new StringBuilder();
        foreach (var attempt in attempts)
        {
            if (log.Length > 0)
            {
                log.Append(' ');
            }

            log.Append(CultureInfo.InvariantCulture, $"{attempt.Provider}/{attempt.UpstreamModel}:{attempt.StatusCode}:{attempt.Duration.TotalMilliseconds:0.#}ms");
        }

        return log.ToString();
    }

    private static string? RequestBody(GatewayRequest request)
        => request.Chat is { } chat ? JsonSerializer.Serialize(chat, ProtocolJson.Context.ChatCompletionRequest)
            : request.Embedding is { } embedding ? JsonSerializer.Serialize(embedding, ProtocolJson.Context.EmbeddingRequest)
            : null;
}
