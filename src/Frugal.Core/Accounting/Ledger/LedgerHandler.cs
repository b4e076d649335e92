using System.Runtime.CompilerServices;
using System.Text;
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
        if (result.IsSuccess && ledger.ShouldStoreBodies(request))
        {
            request.Record.ResponseText = result.Value.Response.Choices.FirstOrDefault()?.Message.TextContent();
        }

        await RecordAsync(request, result.Error).ConfigureAwait(false);
        return result;
    }

    public override async ValueTask<GatewayResult<EmbeddingResult>> EmbedAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        var result = await RunRecordingFailuresAsync(request, () => Inner.EmbedAsync(request, cancellationToken)).ConfigureAwait(false);
        await RecordAsync(request, result.Error).ConfigureAwait(false);
        return result;
    }

    public override async ValueTask<GatewayResult<ChatStream>> StreamAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        request.Record.Streamed = true;
        var result = await RunRecordingFailuresAsync(request, () => Inner.StreamAsync(request, cancellationToken)).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            await RecordAsync(request, result.Error).ConfigureAwait(false);
            return result;
        }

        var tracker = new StreamTracker(this, request, ledger.ShouldStoreBodies(request));
        return new ChatStream(tracker.TrackAsync(result.Value.Chunks, cancellationToken), new StreamDisposer(result.Value, tracker));
    }

    /// <summary>A bug below this stage still leaves an entry (status 500) before the exception moves on.</summary>
    private async ValueTask<GatewayResult<T>> RunRecordingFailuresAsync<T>(GatewayRequest request, Func<ValueTask<GatewayResult<T>>> call)
        where T : class
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception) when (!request.Record.Priced)
        {
            await RecordAsync(request, GatewayError.Internal("unhandled")).ConfigureAwait(false);
            throw;
        }
    }

    private ValueTask RecordAsync(GatewayRequest request, GatewayError? error)
    {
        request.Record.StatusCode = error?.StatusCode ?? 200;
        request.Record.ErrorCode = error?.Code;
        return ledger.RecordAsync(request);
    }

    /// <summary>Watches a stream go by, then records it once: at its end, on a failure, or when it is disposed unread.</summary>
    private sealed class StreamTracker(LedgerHandler owner, GatewayRequest request, bool keepText)
    {
        private int _recorded;
        private long _outputCharacters;
        private readonly StringBuilder? _text = keepText ? new StringBuilder() : null;

        public async IAsyncEnumerable<ChatChunk> TrackAsync(IAsyncEnumerable<ChatChunk> chunks, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var enumerator = chunks.GetAsyncEnumerator(cancellationToken);
            GatewayError? error = GatewayError.ClientClosed(); // unless the loop runs to its end or the upstream fails
            try
            {
                while (true)
                {
                    try
                    {
                        if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }
                    }
                    catch (GatewayStreamException ex)
                    {
                        error = ex.Error;
                        throw;
                    }

                    var chunk = enumerator.Current;
                    foreach (var choice in chunk.Parsed.Choices)
                    {
                        if (choice.Delta.Content is { } content)
                        {
                            _outputCharacters += content.Length;
                            _text?.Append(content);
                        }
                    }

                    yield return chunk;
                }

                error = null;
            }
            finally
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
                await RecordOnceAsync(error).ConfigureAwait(false);
            }
        }

        public ValueTask RecordOnceAsync(GatewayError? error)
        {
            if (Interlocked.Exchange(ref _recorded, 1) == 1)
            {
                return ValueTask.CompletedTask;
            }

            if (request.Record.Usage.IsEmpty && !request.Record.Priced && _outputCharacters > 0) // a cache hit is priced already: nothing was billed
            {
                request.Record.Usage = UsageEstimator.Estimate(request, _outputCharacters);
                request.Record.UsageEstimated = true;
            }

            request.Record.ResponseText = _text?.ToString();
            return owner.RecordAsync(request, error);
        }
    }

    /// <summary>Disposes the upstream stream, then makes sure the request was recorded even if nobody read the stream.</summary>
    private sealed class StreamDisposer(ChatStream upstream, StreamTracker tracker) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await upstream.DisposeAsync().ConfigureAwait(false);
            await tracker.RecordOnceAsync(GatewayError.ClientClosed()).ConfigureAwait(false);
        }
    }
}
