using System.Text;
using Frugal.Core.Dispatch;
using Frugal.Core.Pipeline;

namespace Frugal.Core.Accounting.Ledger;

/// <summary>
/// The accounting stage, outside caches and routing so that every request — hit, miss,
/// failover, failure, client disconnect — leaves exactly one ledger entry. A stream is recorded
/// when it ends, however it ends.
/// </summary>
public sealed class LedgerHandler(IGatewayHandler inner, RequestLedger ledger) : DelegatingGatewayHandler(inner)
{
    public override async ValueTask<GatewayResult<ChatCompletion>> SendAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        var result = await RunRecordingFailuresAsync(request, () => Inner.SendAsync(request, cancellationToken)).ConfigureAwait(false);
        var text = result.IsSuccess && ledger.ShouldStoreBodies(request) ? result.Value.Response.Choices.FirstOrDefault()?.Message.TextContent() : null;
        await ledger.RecordAsync(request, result.Error, streamed: false, text).ConfigureAwait(false);
        return result;
    }

    public override async ValueTask<GatewayResult<EmbeddingResult>> EmbedAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        var result = await RunRecordingFailuresAsync(request, () => Inner.EmbedAsync(request, cancellationToken)).ConfigureAwait(false);
        await ledger.RecordAsync(request, result.Error, streamed: false, responseText: null).ConfigureAwait(false);
        return result;
    }

    public override async ValueTask<GatewayResult<ChatStream>> StreamAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        var result = await RunRecordingFailuresAsync(request, () => Inner.StreamAsync(request, cancellationToken)).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            await ledger.RecordAsync(request, result.Error, streamed: true, responseText: null).ConfigureAwait(false);
            return result;
        }

        result.Value.Observe(new StreamRecorder(ledger, request, ledger.ShouldStoreBodies(request)));
        return result;
    }

    /// <summary>A bug below this stage still leaves an entry (status 500) before the exception moves on.</summary>
    private async ValueTask<GatewayResult<T>> RunRecordingFailuresAsync<T>(GatewayRequest request, Func<ValueTask<GatewayResult<T>>> call)
        where T : class
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception) when (request.Features.Get<PricingFeature>() is not { Priced: true })
        {
            await ledger.RecordAsync(request, GatewayError.Internal("unhandled"), streamed: typeof(T) == typeof(ChatStream), responseText: null).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Watches a stream go by (the output it carried, for an estimate when the upstream never reports usage, and its
    /// text when bodies are kept), then records it when it ends: the last completion of the stream, after every inner
    /// stage has settled, saved and stored.
    /// </summary>
    private sealed class StreamRecorder(RequestLedger ledger, GatewayRequest request, bool keepText) : IStreamObserver
    {
        private long _outputCharacters;
        private readonly StringBuilder? _text = keepText ? new StringBuilder() : null;

        public void OnChunk(ChatChunk chunk)
        {
            foreach (var choice in chunk.Parsed.Choices)
            {
                if (choice.Delta.Content is { } content)
                {
                    _outputCharacters += content.Length;
                    _text?.Append(content);
                }
            }
        }

        public ValueTask OnCompletedAsync(StreamCompletion completion)
        {
            if (request.Features.Get<PricingFeature>() is not { Priced: true } && _outputCharacters > 0) // a cache hit is priced already: nothing was billed
            {
                request.Features.GetOrAdd<UpstreamCallFeature>().EstimateUsage(UsageEstimator.Estimate(request, _outputCharacters));
            }

            var error = completion.How switch
            {
                StreamEnd.Completed => null,
                StreamEnd.UpstreamFailed => completion.Error,
                _ => GatewayError.ClientClosed(),
            };
            return ledger.RecordAsync(request, error, streamed: true, _text?.ToString());
        }
    }
}
