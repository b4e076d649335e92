using Frugal.Core.Configuration;
using Frugal.Core.Dispatch;

namespace Frugal.Providers;

/// <summary>
/// Creates one adapter per configured provider, all sharing one pooled HttpClient, by asking the
/// provider kind registered under the provider's <c>"kind"</c> (<see cref="ProviderServiceCollectionExtensions.AddProviderKind{TKind}"/>).
/// A provider with its own <c>"proxy"</c> gets its own HttpClient (owned and disposed here).
/// </summary>
public sealed class ProviderRegistry : IProviderRegistry, IDisposable
{
    private readonly Dictionary<string, IProviderClient> _clients;
    private readonly List<HttpClient> _ownClients = [];

    public ProviderRegistry(GatewayConfig config, HttpClient http, TimeProvider time, IEnumerable<IProviderKind> kinds)
    {
        var byName = new Dictionary<string, IProviderKind>(StringComparer.Ordinal);
        foreach (var kind in kinds)
        {
            byName.TryAdd(kind.Name, kind);
        }

        _clients = new Dictionary<string, IProviderClient>(StringComparer.Ordinal);
        foreach (var provider in config.Providers.Values)
        {
            if (!byName.TryGetValue(provider.Kind, out var kind))
            {
                // Config loading checks kinds against the same registrations; this is a host built with a different set.
                throw new InvalidOperationException($"Provider '{provider.Name}' has kind '{provider.Kind}', which this host did not register; registered kinds: {string.Join(", ", byName.Keys)}.");
            }

            var client = http;
            if (provider.Proxy is { } proxy)
            {
                client = Http.ProviderHttpClientFactory.Create(proxy);
                _ownClients.Add(client);
            }

            _clients[provider.Name] = kind.Create(provider, client, time);
        }
    }

    public IProviderClient Get(string providerName) => _clients[providerName];

    public void Dispose()
    {
        foreach (var client in _ownClients)
        {
            client.Dispose();
        }
    }
}
