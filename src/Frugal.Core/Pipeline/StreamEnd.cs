namespace Frugal.Core.Pipeline;

/// <summary>How a <see cref="ChatStream"/> ended, as its <see cref="IStreamObserver"/>s are told.</summary>
public enum StreamEnd
{
    /// <summary>The upstream (or a rewriter that ended it early, e.g. a budget cut-off) finished and every chunk was read.</summary>
    Completed,

    /// <summary>The upstream failed after the first chunk (<see cref="GatewayStreamException"/>); <see cref="StreamCompletion.Error"/> says how.</summary>
    UpstreamFailed,

    /// <summary>The reader stopped before the end: the client left, or the read was cancelled or failed outside the upstream.</summary>
    ClientLeft,

    /// <summary>The stream was disposed without ever being read (the client was gone before the first write).</summary>
    DisposedUnread,
}
