using System.Runtime.CompilerServices;
using Frugal.Core.Pipeline;
using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Caching;

/// <summary>
/// Passes a live stream through untouched (each chunk goes on as it arrives) while assembling
/// the final completion. When the stream ends, <paramref name="onEnd"/> runs exactly once with the
/// completion, or with null if it failed, was cut short, or was disposed unread.
/// </summary>
public sealed class CapturedStream(ChatStream upstream, Func<ChatCompletionResponse?, ValueTask> onEnd) : IAsyncDisposable
{
    private int _ended;

    public ChatStream ToStream() => new(CaptureAsync(), this);

    public async ValueTask DisposeAsync()
    {
        await upstream.DisposeAsync().ConfigureAwait(false);
        await EndAsync(null).ConfigureAwait(false);
    }

    private async IAsyncEnumerable<ChatChunk> CaptureAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var assembler = new StreamAssembler();
        var complete = false;
        try
        {
            await foreach (var chunk in upstream.Chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                assembler.Add(chunk.Parsed);
                yield return chunk;
            }

            complete = true;
        }
        finally
        {
            await EndAsync(complete ? assembler.Build() : null).ConfigureAwait(false);
        }
    }

    private ValueTask EndAsync(ChatCompletionResponse? response)
        => Interlocked.Exchange(ref _ended, 1) == 0 ? onEnd(response) : ValueTask.CompletedTask;
}
