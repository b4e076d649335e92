using Frugal.Core.Configuration;
using Frugal.Core.Dispatch;
using Frugal.Providers.Anthropic;
using Frugal.Providers.OpenAICompatible;

namespace Frugal.Providers;

/// <summary>Creates one adapter per configured provider, all sharing one pooled HttpClient.</summary>
public sealed class ProviderRegistry : IProviderRegistry
{
    private readonly Dictionary<string, IProviderClient> _clients;

    public ProviderRegistry(GatewayConfig config, HttpClient http, TimeProvider time)
    {
        _clients = config.Providers.Values.ToDictionary(
            provider => provider.Name,
            provider => provider.Kind switch
            {
                ProviderKind.Anthropic => (IProviderClient)new AnthropicClient(provider, http, time),
                _ => new OpenAICompatibleClient(provider, http, time),
            },
            StringComparer.Ordinal);
    }

    public IProviderClient Get(string providerName) => _clients[providerName];
}
