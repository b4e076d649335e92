using Frugal.Core.Configuration;
using Frugal.Providers;
using Frugal.Providers.Anthropic;
using Frugal.Providers.OpenAICompatible;

namespace Frugal.Tests.Providers.Kinds;

/// <summary>The registry builds each configured provider's client with the kind registered under its name.</summary>
public sealed class ProviderRegistryTests
{
    private static readonly Uri Base = new("http://127.0.0.1:1");

    [Fact]
    public void Each_provider_gets_the_client_of_its_kind()
    {
        var config = new GatewayConfig
        {
            Providers = new Dictionary<string, ProviderConfig>
            {
                ["a"] = new() { Name = "a", Kind = AnthropicKind.KindName, BaseUrl = Base },
                ["o"] = new() { Name = "o", Kind = OpenAICompatibleKind.KindName, BaseUrl = Base },
                ["e"] = new() { Name = "e", Kind = EchoKind.KindName, BaseUrl = Base },
            },
        };
        using var http = new HttpClient();

        var registry = new ProviderRegistry(config, http, TimeProvider.System, [new OpenAICompatibleKind(), new AnthropicKind(), new EchoKind()]);

        Assert.IsType<AnthropicClient>(registry.Get("a"));
        Assert.IsType<OpenAICompatibleClient>(registry.Get("o"));
        Assert.IsType<EchoClient>(registry.Get("e"));
    }

    [Fact]
    public void A_kind_the_host_did_not_register_stops_the_start_with_the_registered_kinds()
    {
        var config = new GatewayConfig { Providers = new Dictionary<string, ProviderConfig> { ["e"] = new() { Name = "e", Kind = EchoKind.KindName, BaseUrl = Base } } };
        using var http = new HttpClient();

        var error = Assert.Throws<InvalidOperationException>(() => new ProviderRegistry(config, http, TimeProvider.System, [new OpenAICompatibleKind(), new AnthropicKind()]));

        Assert.Equal("Provider 'e' has kind 'echo', which this host did not register; registered kinds: openai, anthropic.", error.Message);
    }
}
