namespace Frugal.Core.Pipeline;

/// <summary>Where an <see cref="IChunkRewriter"/> puts its chunks: the next rewriter, or the reader. One per rewriter per stream.</summary>
public sealed class ChunkOutput
{
    private readonly ChatStream _stream;
    private readonly int _next;

    internal ChunkOutput(ChatStream stream, int next)
    {
        _stream = stream;
        _next = next;
    }

    /// <summary>Passes a chunk on (to the next rewriter, then to the observers and the reader).</summary>
    public void Emit(ChatChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        _stream.Forward(_next, chunk);
    }

    /// <summary>Ends the stream after this chunk: the upstream is not read again (and is released), then the rewriters' end runs.</summary>
    public void EndStream() => _stream.EndEarly();
}
