using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Frugal.Core.Configuration;
using Frugal.Core.Configuration.Live;
using Frugal.Core.Pipeline;
using Frugal.Protocol.Json;

namespace Frugal.Core.Accounting.Ledger;

/// <summary>
/// Turns a finished request into its single ledger entry: prices it, decides whether bodies
/// may be kept, and hands it to the queue. Also records requests refused before the pipeline
/// (bad key, bad JSON) so that every client request is in the ledger exactly once.
/// </summary>
public sealed class RequestLedger(ILedgerSink sink, CostEngine costs, LedgerOptions options, GatewayConfig config, TimeProvider time) : IConfigReloadable
{
    /// <summary>The configured models that keep their bodies (<c>models.*.storeBodies</c>); swapped by a reload.</summary>
    private volatile FrozenSet<string> _modelsStoringBodies = ModelsStoringBodies(config);

    /// <summary>
    /// Records a request the pipeline handled: the features' contributions (<see cref="ILedgerContribution"/>), the
    /// price, the savings, and how it ended (<paramref name="error"/> null = answered with 200).
    /// </summary>
    public ValueTask RecordAsync(GatewayRequest request, GatewayError? error, bool streamed, string? responseText)
    {
        var contributed = Contributions(request);
        var pricing = costs.Price(request, contributed);
        var storeBodies = ShouldStoreBodies(request, contributed.Model);
        var elapsed = time.GetElapsedTime(request.StartTimestamp);
        var entry = new LedgerEntry
        {
            Timestamp = time.GetUtcNow() - elapsed,
            RequestId = request.RequestId,
            Endpoint = contributed.Endpoint ?? (request.Embedding is null ? "chat" : "embeddings"),
            KeyId = request.Tenant.KeyId,
            KeyName = request.Tenant.KeyName,
            Team = request.Tenant.Team,
            Tags = contributed.AddedTags is { } added ? [.. request.Tenant.Tags, .. added] : request.Tenant.Tags,
            RequestedModel = request.RequestedModel,
            Model = contributed.Model,
            UpstreamModel = contributed.UpstreamModel,
            Provider = contributed.Provider,
            Attempts = contributed.Attempts,
            AttemptLog = contributed.AttemptLog,
            Usage = contributed.Usage,
            UsageEstimated = contributed.UsageEstimated,
            CostUsd = pricing.CostUsd + (contributed.CompressionSummaryUsd ?? 0m), // the summary call is this request's spend too
            CacheWritePremiumUsd = pricing.CacheWritePremiumUsd,
            Savings = request.Features.Get<SavingsFeature>()?.Snapshot() ?? SavingsFeature.None,
            LatencyMs = elapsed.TotalMilliseconds,
            TimeToFirstTokenMs = contributed.FirstTokenTimestamp == 0 ? null : time.GetElapsedTime(request.StartTimestamp, contributed.FirstTokenTimestamp).TotalMilliseconds,
            StatusCode = error?.StatusCode ?? 200,
            ErrorCode = error?.Code,
            CacheOutcome = contributed.CacheOutcome,
            Streamed = streamed,
            Batched = contributed.Batched,
            RequestBody = storeBodies ? RequestBody(request) : null,
            ResponseBody = storeBodies && responseText is not null && contributed.MaskResponseBody is { } mask ? mask(responseText) : storeBodies ? responseText : null,
            PiiEntities = contributed.PiiEntities,
            PromptCache = contributed.PromptCache,
            CompressionTokensBefore = contributed.CompressionTokensBefore,
            CompressionTokensAfter = contributed.CompressionTokensAfter,
            CompressionSummaryUsd = contributed.CompressionSummaryUsd,
            CompressedRequestBody = storeBodies && contributed.CompressedChat is { } compressed ? JsonSerializer.Serialize(compressed, ProtocolJson.Context.ChatCompletionRequest) : null,
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

    /// <summary>Whether the request's bodies are kept: by config, by its key, or by the model that answered it.</summary>
    public bool ShouldStoreBodies(GatewayRequest request)
        => options.StoreBodies || request.Tenant.StoreBodies || (_modelsStoringBodies.Count > 0 && ShouldStoreBodies(request, Contributions(request).Model));

    public void Apply(GatewayConfig config) => _modelsStoringBodies = ModelsStoringBodies(config);

    private static FrozenSet<string> ModelsStoringBodies(GatewayConfig config)
        => config.Models.Values.Where(m => m.StoreBodies).Select(m => m.Name).ToFrozenSet(StringComparer.Ordinal);

    private bool ShouldStoreBodies(GatewayRequest request, string? model)
        => options.StoreBodies
            || request.Tenant.StoreBodies
            || (model is not null && _modelsStoringBodies.Contains(model));

    /// <summary>What the request's features say about it (every feature that is an <see cref="ILedgerContribution"/>).</summary>
    private static LedgerEntryBuilder Contributions(GatewayRequest request)
    {
        var entry = new LedgerEntryBuilder();
        foreach (var feature in request.Features)
        {
            (feature as ILedgerContribution)?.Contribute(entry);
        }

        return entry;
    }

    private static string? RequestBody(GatewayRequest request)
        => request.Chat is { } chat ? JsonSerializer.Serialize(chat, ProtocolJson.Context.ChatCompletionRequest)
            : request.Embedding is { } embedding ? JsonSerializer.Serialize(embedding, ProtocolJson.Context.EmbeddingRequest)
            : null;
}
