using Frugal.Core.Configuration;
using Frugal.Core.Dispatch;

namespace Frugal.Providers;

/// <summary>
/// Creates one adapter per configured provider, all sharing one pooled HttpClient, by asking the
/// provider kind registered under the provider's <c>"kind"</c> (<see cref="ProviderServiceCollectionExtensions.AddProviderKind{TKind}"/>).
/// </summary>
public sealed class ProviderRegistry : IProviderRegistry
{
    private readonly Dictionary<string, IProviderClient> _clients;

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

            _clients[provider.Name] = kind.Create(provider, http, time);
        }
    }

    public IProviderClient Get(string providerName) => _clients[providerName];
}
