using Frugal.Core.Batching;
using Frugal.Core.Configuration;
using Frugal.Core.Dispatch;

namespace Frugal.Providers;

/// <summary>
/// One batch client per configured provider whose kind implements <see cref="IProviderBatchKind"/> and whose
/// <c>"batch"</c> setting (or, unset, the kind's default) is true, built once at start and sharing the pooled
/// HttpClient. Every other provider has none: its batch lines run as ordinary calls.
/// </summary>
public sealed class ProviderBatchRegistry : IProviderBatchRegistry
{
    private readonly Dictionary<string, IProviderBatchClient> _clients = new(StringComparer.Ordinal);

    public ProviderBatchRegistry(GatewayConfig config, HttpClient http, TimeProvider time, IEnumerable<IProviderKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(config);
        var byName = new Dictionary<string, IProviderKind>(StringComparer.Ordinal);
        foreach (var kind in kinds)
        {
            byName.TryAdd(kind.Name, kind);
        }

        foreach (var provider in config.Providers.Values)
        {
            if (byName.GetValueOrDefault(provider.Kind) is IProviderBatchKind batchKind
                && (provider.Batch ?? batchKind.BatchByDefault(provider))
                && batchKind.CreateBatchClient(provider, http, time) is { } client)
            {
                _clients[provider.Name] = client;
            }
        }
    }

    public IProviderBatchClient? Find(string providerName) => _clients.GetValueOrDefault(providerName);
}
