namespace Frugal.MockUpstream;

/// <summary>Per-request state shared by the dispatcher and the handlers.</summary>
internal sealed class MockCall
{
    private static readonly TimeSpan DisconnectGrace = TimeSpan.FromMilliseconds(100);

    public MockCall(HttpContext context, byte[] body)
    {
        Context = context;
        Body = body;
        Hash = Fnv1a(body);
    }

    public HttpContext Context { get; }

    public byte[] Body { get; }

    /// <summary>FNV-1a of the body: stable across processes (unlike string.GetHashCode), used for ids.</summary>
    public ulong Hash { get; }

    public CancellationToken Aborted => Context.RequestAborted;

    /// <summary>Set when the mock itself cut the connection (disconnect fault), so it is not counted as a client abort.</summary>
    public bool ServerAborted { get; private set; }

    public void AbortConnection()
    {
        ServerAborted = true;
        Context.Abort();
    }

    /// <summary>
    /// Aborts after a short pause. The abort resets the socket, and a reset makes the client's kernel drop
    /// bytes it received but had not read yet — the chunks just streamed would vanish without the pause.
    /// </summary>
    public async Task AbortConnectionAfterGraceAsync()
    {
        await Task.Delay(DisconnectGrace, Aborted);
        AbortConnection();
    }

    public static ulong Fnv1a(ReadOnlySpan<byte> data)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in data)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
