namespace Frugal.Core.Dispatch;

/// <summary>
/// The cancellation of one upstream attempt: the client's token plus the provider timeout.
/// A stream takes ownership so the token outlives the attempt; otherwise it ends with it.
/// </summary>
public sealed class AttemptScope : IDisposable
{
    private CancellationTokenSource? _source;

    public AttemptScope(TimeSpan timeout, CancellationToken clientToken)
    {
        // The system timer, not the injected TimeProvider: a fake clock must not fire network timeouts.
        _source = CancellationTokenSource.CreateLinkedTokenSource(clientToken);
        _source.CancelAfter(timeout);
        Token = _source.Token;
    }

    public CancellationToken Token { get; }

    /// <summary>Hands the token source to the caller, who must dispose it.</summary>
    public CancellationTokenSource TakeOwnership()
    {
        var source = _source ?? throw new InvalidOperationException("Ownership was already taken.");
        _source = null;
        return source;
    }

    public void Dispose() => _source?.Dispose();
}
