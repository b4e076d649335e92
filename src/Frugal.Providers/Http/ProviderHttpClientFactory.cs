using System.Net;

namespace Frugal.Providers.Http;

/// <summary>
/// The one HttpClient every adapter shares: pooled keep-alive connections (so a call costs no
/// TCP handshake), no proxy lookup, no automatic decompression of what we pass through, and no
/// client-level timeout — the dispatcher owns timeouts so that it can tell them from client
/// disconnects. A response disposed before its end (a capped read, a client that left) is drained
/// for reuse only up to 64 KiB: measured with the default, disposing an endless upstream stream
/// after 8 MiB let the handler read on to ~92 MB in the background to save one TCP handshake.
/// </summary>
public static class ProviderHttpClientFactory
{
    /// <summary>The most of an abandoned response read to put its connection back in the pool.</summary>
    public const int MaxDrainBytes = 64 * 1024;

    public static HttpClient Create() => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AutomaticDecompression = DecompressionMethods.None,
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        MaxConnectionsPerServer = int.MaxValue,
        EnableMultipleHttp2Connections = true,
        MaxResponseDrainSize = MaxDrainBytes,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
