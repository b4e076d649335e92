namespace Frugal.Core.Pipeline;

/// <summary>
/// A stage watching a stream go by, registered with <see cref="ChatStream.Observe"/> instead of wrapping it.
/// <see cref="OnChunk"/> sees each chunk the client gets (after every rewriter); <see cref="OnCompletedAsync"/> runs
/// exactly once however the stream ends (completed, upstream failed, client left, disposed unread), the observers in
/// registration order — innermost stage first, as the old wrappers unwound: budget settlement, routing, caches,
/// admission, ledger.
/// </summary>
public interface IStreamObserver
{
    void OnChunk(ChatChunk chunk);

    ValueTask OnCompletedAsync(StreamCompletion completion);
}
