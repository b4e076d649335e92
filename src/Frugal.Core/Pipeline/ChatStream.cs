namespace Frugal.Core.Pipeline;

/// <summary>
/// An open stream of chunks. It is consumed once; disposing it releases the upstream
/// connection (and so cancels the upstream call if it is still running).
/// </summary>
public sealed class ChatStream(IAsyncEnumerable<ChatChunk> chunks, IAsyncDisposable? owner = null) : IAsyncDisposable
{
    public IAsyncEnumerable<ChatChunk> Chunks { get; } = chunks;

    /// <summary>Returns a stream over other chunks (a stage's wrapper) that still owns this one's connection.</summary>
    public ChatStream With(IAsyncEnumerable<ChatChunk> chunks) => new(chunks, this);

    public ValueTask DisposeAsync() => owner?.DisposeAsync() ?? ValueTask.CompletedTask;
}
