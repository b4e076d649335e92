using Frugal.Core.Batching;
using Frugal.Core.Configuration;
using Frugal.Core.Configuration.Live;
using Frugal.Core.Dispatch;

namespace Frugal.Providers;

/// <summary>
/// One batch client per configured provider whose kind implements <see cref="IProviderBatchKind"/> and whose
/// <c>"batch"</c> setting (or, unset, the kind's default) is true, sharing the pooled HttpClient. Every other provider
/// has none: its batch lines run as ordinary calls. Rebuilt whole on a config reload (a rotated key or a new provider
/// applies to the next poll); jobs already at a provider keep their provider batch id, so they are polled with the
/// new client.
/// </summary>
public sealed class ProviderBatchRegistry : IProviderBatchRegistry, IConfigReloadable
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, IProviderKind> _kinds = new(StringComparer.Ordinal);
    private volatile Dictionary<string, IProviderBatchClient> _clients;

    public ProviderBatchRegistry(GatewayConfig config, HttpClient http, TimeProvider time, IEnumerable<IProviderKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(kinds);
        _http = http;
        _time = time;
        foreach (var kind in kinds)
        {
            _kinds.TryAdd(kind.Name, kind);
        }

        _clients = Build(config);
    }

    public IProviderBatchClient? Find(string providerName) => _clients.GetValueOrDefault(providerName);

    public void Apply(GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _clients = Build(config);
    }

    private Dictionary<string, IProviderBatchClient> Build(GatewayConfig config)
    {
        var clients = new Dictionary<string, IProviderBatchClient>(StringComparer.Ordinal);
        foreach (var provider in config.Providers.Values)
        {
            if (_kinds.GetValueOrDefault(provider.Kind) is IProviderBatchKind batchKind
                && (provider.Batch ?? batchKind.BatchByDefault(provider))
                && batchKind.CreateBatchClient(provider, _http, _time) is { } client)
            {
                clients[provider.Name] = client;
            }
        }

        return clients;
    }
}
