using System.Net;

namespace Frugal.Providers.Http;

/// <summary>
/// The one HttpClient every adapter shares: pooled keep-alive connections (so a call costs no
/// TCP handshake), no proxy lookup, no automatic decompression of what we pass through, and no
/// client-level timeout — the dispatcher owns timeouts so that it can tell them from client
/// disconnects.
/// </summary>
public static class ProviderHttpClientFactory
{
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
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
