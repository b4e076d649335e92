using System.Net;
using Frugal.Core.Configuration;

namespace Frugal.Providers.Http;

/// <summary>
/// The one HttpClient every adapter shares: pooled keep-alive connections (so a call costs no
/// TCP handshake), the environment's proxy (HTTPS_PROXY/HTTP_PROXY/NO_PROXY through
/// <see cref="HttpClient.DefaultProxy"/>, read once per process), no automatic decompression of what we pass through, and no
/// client-level timeout — the dispatcher owns timeouts so that it can tell them from client
/// disconnects. A response disposed before its end (a capped read, a client that left) is drained
/// for reuse only up to 64 KiB: measured with the default, disposing an endless upstream stream
/// after 8 MiB let the handler read on to ~92 MB in the background to save one TCP handshake.
/// A provider with its own <c>"proxy"</c> gets a client of its own from <see cref="Create(ProviderProxy)"/>.
/// </summary>
public static class ProviderHttpClientFactory
{
    /// <summary>The most of an abandoned response read to put its connection back in the pool.</summary>
    public const int MaxDrainBytes = 64 * 1024;

    /// <summary>The shared client: proxy from the environment.</summary>
    public static HttpClient Create() => Create(useProxy: true, proxy: null);

    /// <summary>A client for a provider with its own proxy rule: through <see cref="ProviderProxy.Address"/>, or direct.</summary>
    public static HttpClient Create(ProviderProxy proxy)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        return proxy.Address is { } address ? Create(useProxy: true, new WebProxy(address)) : Create(useProxy: false, proxy: null);
    }

    private static HttpClient Create(bool useProxy, IWebProxy? proxy) => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AutomaticDecompression = DecompressionMethods.None,
        UseProxy = useProxy,
        Proxy = proxy, // null with UseProxy = the environment's (HttpClient.DefaultProxy)
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
