namespace Frugal.Core.Configuration;

/// <summary>
/// A provider's own proxy rule, overriding the environment's (<c>HTTPS_PROXY</c>/<c>HTTP_PROXY</c>/<c>NO_PROXY</c>,
/// which every provider without one follows): <c>"proxy": "http://host:port"</c> sends its calls through that
/// proxy, <c>"proxy": false</c> connects directly.
/// </summary>
public sealed record ProviderProxy(Uri? Address)
{
    /// <summary><c>"proxy": false</c>: connect directly whatever the environment says.</summary>
    public static ProviderProxy Direct { get; } = new((Uri?)null);

    public bool IsDirect => Address is null;
}
