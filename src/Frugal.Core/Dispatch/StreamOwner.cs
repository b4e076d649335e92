using Frugal.Core.Pipeline;

namespace Frugal.Core.Dispatch;

/// <summary>Everything an open upstream stream holds, released together when the client's stream ends.</summary>
public sealed class StreamOwner(IAsyncEnumerator<ChatChunk> chunks, ChatStream upstream, CancellationTokenSource attempt) : IAsyncDisposable
{
    private int _disposed;

    public void DisarmTimeout() => attempt.CancelAfter(Timeout.InfiniteTimeSpan);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            await chunks.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            await upstream.DisposeAsync().ConfigureAwait(false);
            attempt.Dispose();
        }
    }
}
