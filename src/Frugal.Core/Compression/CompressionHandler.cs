using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Dispatch;
using Frugal.Core.Pipeline;
using Frugal.Core.Routing;
using Frugal.Protocol.OpenAI;
using Microsoft.Extensions.Logging;

namespace Frugal.Core.Compression;

/// <summary>
/// After the caches (their keys see the client's prompt) and before routing: sends a compressed copy of the chat
/// request upstream and puts the client's request back once the call is over, so the ledger's request body is what
/// the client sent (the compressed one goes in its own column). The saving is the removed tokens at the input price
/// of the model that answered, net of what a summary of dropped history turns cost (that cost is added to the entry's
/// cost). A technique that fails leaves its message unchanged: logged without text, counted.
/// </summary>
public sealed partial class CompressionHandler(
    IGatewayHandler inner,
    CompressionPolicy policy,
    PromptCompressor compressor,
    CompressionMetrics metrics,
    PriceBook prices,
    TimeProvider time,
    ILogger<CompressionHandler> logger,
    DroppedTurnSummarizer? summarizer = null) : DelegatingGatewayHandler(inner)
{
    public override async ValueTask<GatewayResult<ChatCompletion>> SendAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        var original = request.Chat;
        var (error, outcome) = await PrepareAsync(request, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        if (outcome is null)
        {
            return await Inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            request.Chat = outcome.Request;
            var result = await Inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
            AddSaving(request, outcome);
            return result;
        }
        finally
        {
            request.Chat = original;
        }
    }

    public override async ValueTask<GatewayResult<ChatStream>> StreamAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        var original = request.Chat;
        var (error, outcome) = await PrepareAsync(request, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        if (outcome is null)
        {
            return await Inner.StreamAsync(request, cancellationToken).ConfigureAwait(false);
        }

        request.Chat = outcome.Request;
        GatewayResult<ChatStream> result;
        try
        {
            result = await Inner.StreamAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            request.Chat = original;
            throw;
        }

        if (!result.IsSuccess)
        {
            request.Chat = original;
            return result;
        }

        result.Value.Observe(new Restore(this, request, original!, outcome));
        return result;
    }

    private static readonly CompressionTechniques[] EveryTechnique = [CompressionTechniques.History, CompressionTechniques.Lossless, CompressionTechniques.Select];

    /// <summary>The 400 for a bad header, or the outcome to send (null: pass the client's request on untouched).</summary>
    private async ValueTask<(GatewayError? Error, CompressionOutcome? Outcome)> PrepareAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        if (request.Chat is not { } chat)
        {
            return (null, null);
        }

        var decision = policy.Decide(request);
        if (!decision.IsSuccess)
        {
            return (decision.Error, null);
        }

        CompressionOutcome outcome;
        try
        {
            outcome = compressor.Compress(chat, decision.Value);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failure outside any one technique (e.g. reading the content): the client's request goes upstream as it came.
            metrics.RecordFailure(CompressionTechniques.None);
            LogTechniqueFailed(logger, CompressionMetrics.Name(CompressionTechniques.None), request.RequestId);
            return (null, null);
        }

        foreach (var technique in EveryTechnique)
        {
            if (outcome.Failed.HasFlag(technique))
            {
                metrics.RecordFailure(technique);
                LogTechniqueFailed(logger, CompressionMetrics.Name(technique), request.RequestId);
            }
        }

        if (!outcome.Counted)
        {
            metrics.Record(decision.Value.Techniques == CompressionTechniques.None ? "off" : "small", 0);
            return (null, ReferenceEquals(outcome.Request, chat) ? null : outcome);
        }

        if (outcome.Dropped is { Count: > 0 } dropped && decision.Value.SummarizeDropped && summarizer is not null)
        {
            var summary = await summarizer.SummarizeAsync(request.RequestedModel, dropped, TimeSpan.FromMilliseconds(decision.Value.SummaryTimeoutMs), request.RequestId, cancellationToken).ConfigureAwait(false);
            metrics.RecordSummary(summary is null ? "failed" : summary.FromCache ? "cached" : "written");
            if (summary is not null)
            {
                outcome = compressor.WithSummary(outcome, summary);
            }
        }

        var changed = !ReferenceEquals(outcome.Request, chat);
        metrics.Record(outcome.TokensAfter < outcome.TokensBefore ? "compressed" : "unchanged", outcome.TokensBefore - outcome.TokensAfter);
        request.Features.Set(new CompressionFeature(outcome.TokensBefore, outcome.TokensAfter, outcome.Applied, changed ? outcome.Request : null) { Summary = outcome.Summary });
        return (null, changed ? outcome : null);
    }

    /// <summary>
    /// The removed tokens (the summary note counted as kept) at the input price of the model that answered, less what
    /// this request paid for the summary (nothing when the net is not positive, it has no price or nothing was billed).
    /// </summary>
    private void AddSaving(GatewayRequest request, CompressionOutcome outcome)
    {
        var removed = outcome.TokensBefore - outcome.TokensAfter;
        var upstream = request.Features.Get<UpstreamCallFeature>();
        if (!outcome.Counted || removed <= 0 || upstream is null || upstream.Usage.IsEmpty)
        {
            return;
        }

        var model = request.Features.Get<RoutingFeature>()?.ResolvedModel;
        if (prices.TryFindForCall(model, upstream.UpstreamModel, time.GetUtcNow(), out var price))
        {
            var summaryCost = outcome.Summary?.CostUsd ?? 0m;
            request.Features.GetOrAdd<SavingsFeature>().Add(SavingReason.Compression, (removed * price.InputPerMillion / 1_000_000m) - summaryCost);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Compression technique {Technique} failed on request {RequestId}; the message went upstream unchanged")]
    private static partial void LogTechniqueFailed(ILogger logger, string technique, string requestId);

    /// <summary>At the end of a stream (before the ledger records it): the saving, and the client's request back in place.</summary>
    private sealed class Restore(CompressionHandler handler, GatewayRequest request, ChatCompletionRequest original, CompressionOutcome outcome) : IStreamObserver
    {
        public void OnChunk(ChatChunk chunk)
        {
        }

        public ValueTask OnCompletedAsync(StreamCompletion completion)
        {
            handler.AddSaving(request, outcome);
            request.Chat = original;
            return ValueTask.CompletedTask;
        }
    }
}
