using System.Runtime.CompilerServices;

namespace Frugal.Core.Pipeline;

/// <summary>
/// An open stream of chunks, and the one place it is driven. Stages do not wrap it: they register —
/// <see cref="Observe"/> to watch chunks and learn how it ended, <see cref="Rewrite"/> to change chunks — and the
/// reader (the endpoint) enumerates <see cref="Chunks"/> once. Completion runs exactly once whichever way it ends:
/// read to the end, upstream failure (<see cref="GatewayStreamException"/>, rethrown to the reader), the reader
/// stopping (client left), or <see cref="DisposeAsync"/> without a read. Disposing releases the upstream connection
/// (the owner given by dispatch), and so cancels the upstream call if it is still running.
/// </summary>
public sealed class ChatStream(IAsyncEnumerable<ChatChunk> chunks, IAsyncDisposable? owner = null) : IAsyncDisposable
{
    private readonly List<IStreamObserver> _observers = [];
    private List<IChunkRewriter>? _rewriters;
    private List<ChunkOutput>? _outputs;
    private Queue<ChatChunk>? _ready;
    private StreamAssembler? _assembler;
    private bool _endedEarly;
    private int _completed;
    private int _disposed;

    /// <summary>
    /// The chunks the client gets, driven through the rewriters and observers. Enumerate once. A stream nobody
    /// registered on (an adapter's, before dispatch) hands out its source as it is: no extra layer per chunk.
    /// </summary>
    public IAsyncEnumerable<ChatChunk> Chunks => _observers.Count == 0 && _rewriters is null ? chunks : DriveAsync();

    /// <summary>
    /// Watches the stream. With <paramref name="needsAnswer"/> the stream assembles the chunks (once, for every
    /// observer that asks) into <see cref="StreamCompletion.Answer"/>.
    /// </summary>
    public void Observe(IStreamObserver observer, bool needsAnswer = false)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Add(observer);
        if (needsAnswer)
        {
            _assembler ??= new StreamAssembler();
        }
    }

    /// <summary>Changes the stream's chunks; rewriters apply in registration order, before every observer.</summary>
    public void Rewrite(IChunkRewriter rewriter)
    {
        ArgumentNullException.ThrowIfNull(rewriter);
        (_rewriters ??= []).Add(rewriter);
        (_outputs ??= []).Add(new ChunkOutput(this, _rewriters.Count));
        _ready ??= new Queue<ChatChunk>();
    }

    /// <summary>Releases the upstream (once), then completes the stream if nobody read it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            if (owner is not null)
            {
                await owner.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            await CompleteAsync(StreamEnd.DisposedUnread, null).ConfigureAwait(false);
        }
    }

    private async IAsyncEnumerable<ChatChunk> DriveAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var how = StreamEnd.ClientLeft; // unless the loop runs to its end or the upstream fails
        GatewayError? error = null;
        var source = chunks.GetAsyncEnumerator(cancellationToken);
        var sourceOpen = true;
        try
        {
            while (!_endedEarly)
            {
                try
                {
                    if (!await source.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (GatewayStreamException ex)
                {
                    how = StreamEnd.UpstreamFailed;
                    error = ex.Error;
                    throw;
                }

                if (_rewriters is null)
                {
                    var chunk = source.Current;
                    Deliver(chunk);
                    yield return chunk;
                    continue;
                }

                Forward(0, source.Current);
                while (_ready!.TryDequeue(out var rewritten))
                {
                    yield return rewritten;
                }
            }

            if (_rewriters is not null)
            {
                // Stop reading the upstream before the rewriters' closing chunks go out (a cut-off answer ends here).
                sourceOpen = false;
                await source.DisposeAsync().ConfigureAwait(false);
                for (var i = 0; i < _rewriters.Count; i++)
                {
                    _rewriters[i].OnUpstreamEnded(_outputs![i]);
                }

                while (_ready!.TryDequeue(out var closing))
                {
                    yield return closing;
                }
            }

            how = StreamEnd.Completed;
        }
        finally
        {
            if (sourceOpen)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }

            await CompleteAsync(how, error).ConfigureAwait(false);
        }
    }

    /// <summary>A chunk entering rewriter <paramref name="stage"/> (past the last one: on to the observers and the reader).</summary>
    internal void Forward(int stage, ChatChunk chunk)
    {
        if (stage < _rewriters!.Count)
        {
            _rewriters[stage].OnChunk(chunk, _outputs![stage]);
            return;
        }

        Deliver(chunk);
        _ready!.Enqueue(chunk);
    }

    internal void EndEarly() => _endedEarly = true;

    private void Deliver(ChatChunk chunk)
    {
        _assembler?.Add(chunk.Parsed);
        for (var i = 0; i < _observers.Count; i++)
        {
            _observers[i].OnChunk(chunk);
        }
    }

    /// <summary>Tells every observer, once, innermost first; one failing does not stop the others (the first failure is rethrown).</summary>
    private async ValueTask CompleteAsync(StreamEnd how, GatewayError? error)
    {
        if (Interlocked.Exchange(ref _completed, 1) == 1)
        {
            return;
        }

        var completion = new StreamCompletion(how, error, _assembler);
        Exception? first = null;
        for (var i = 0; i < _observers.Count; i++)
        {
            try
            {
                await _observers[i].OnCompletedAsync(completion).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                first ??= ex;
            }
        }

        if (first is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
    }
}
