using Frugal.Core.Batching;
using Frugal.Core.Configuration;
using Frugal.Providers;
using Frugal.Providers.Anthropic;
using Frugal.Providers.Batches;
using Frugal.Providers.OpenAICompatible;
using Frugal.Server;
using Frugal.Tests.Providers.Kinds;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Tests.Providers.Batches;

/// <summary>Which providers get a batch client: the kind's default, the <c>"batch"</c> setting, and its config checks.</summary>
public sealed class ProviderBatchRegistryTests
{
    [Fact]
    public void Defaults_public_openai_and_anthropic_batch_local_servers_and_azure_do_not_and_explicit_config_wins()
    {
        var config = new GatewayConfig
        {
            Providers = new Dictionary<string, ProviderConfig>
            {
                ["openai"] = Provider("openai", "openai", "https://api.openai.com/v1"),
                ["anthropic"] = Provider("anthropic", "anthropic", "https://api.anthropic.com"),
                ["local-anthropic"] = Provider("local-anthropic", "anthropic", "http://127.0.0.1:9000"),
                ["ollama"] = Provider("ollama", "openai", "http://localhost:11434/v1"),
                ["vllm"] = Provider("vllm", "openai", "http://10.0.3.7:8000/v1"),
                ["lan"] = Provider("lan", "openai", "http://192.168.1.20:8080/v1"),
                ["v6"] = Provider("v6", "openai", "http://[::1]:8080/v1"),
                ["azure"] = Provider("azure", "openai", "https://x.openai.azure.com") with { AzureApiVersion = "2024-10-21" },
                ["azure-forced"] = Provider("azure-forced", "openai", "https://x.openai.azure.com") with { AzureApiVersion = "2024-10-21", Batch = true },
                ["mock"] = Provider("mock", "openai", "http://127.0.0.1:9000/v1") with { Batch = true },
                ["opted-out"] = Provider("opted-out", "anthropic", "https://api.anthropic.com") with { Batch = false },
                ["echo"] = Provider("echo", EchoKind.KindName, "https://echo.example"),
            },
        };
        using var http = new HttpClient();

        var registry = new ProviderBatchRegistry(config, http, TimeProvider.System, [new OpenAICompatibleKind(), new AnthropicKind(), new EchoKind()]);

        Assert.IsType<OpenAIBatchClient>(registry.Find("openai"));
        Assert.IsType<AnthropicBatchClient>(registry.Find("anthropic"));
        Assert.IsType<AnthropicBatchClient>(registry.Find("local-anthropic"));
        Assert.IsType<OpenAIBatchClient>(registry.Find("mock"));
        Assert.Equal("mock", registry.Find("mock")!.ProviderName);
        foreach (var none in new[] { "ollama", "vllm", "lan", "v6", "azure", "azure-forced", "opted-out", "echo", "not-configured" })
        {
            Assert.True(registry.Find(none) is null, none);
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:1/v1", true)]
    [InlineData("http://localhost/v1", true)]
    [InlineData("http://ollama.localhost/v1", true)]
    [InlineData("http://172.20.0.2/v1", true)]
    [InlineData("http://169.254.1.1/v1", true)]
    [InlineData("http://100.101.1.1/v1", true)]
    [InlineData("http://[fd00::1]/v1", true)]
    [InlineData("http://[::ffff:10.1.2.3]/v1", true)]
    [InlineData("https://api.openai.com/v1", false)]
    [InlineData("https://openrouter.ai/api/v1", false)]
    [InlineData("http://172.32.0.1/v1", false)]
    [InlineData("http://8.8.8.8/v1", false)]
    public void Local_network_addresses_are_recognised(string url, bool local)
        => Assert.Equal(local, ProviderBatchDefaults.IsLocalNetwork(new Uri(url)));

    [Fact]
    public void The_batch_setting_is_read_and_a_wrong_type_is_reported_with_its_path()
    {
        var ok = ConfigLoader.Parse("""
            { "providers": {
                "on":  { "kind": "openai", "baseUrl": "http://127.0.0.1:9000/v1", "batch": true },
                "off": { "kind": "anthropic", "baseUrl": "https://api.anthropic.com", "batch": false },
                "unset": { "kind": "openai", "baseUrl": "https://api.openai.com/v1" } } }
            """, "test");
        var bad = ConfigLoader.Parse("""{ "providers": { "p": { "kind": "openai", "baseUrl": "https://api.openai.com/v1", "batch": "yes" } } }""", "test");

        Assert.True(ok.IsValid, string.Join("; ", ok.Problems));
        Assert.True(ok.Config!.Providers["on"].Batch);
        Assert.False(ok.Config.Providers["off"].Batch);
        Assert.Null(ok.Config.Providers["unset"].Batch);
        var problem = Assert.Single(bad.Problems);
        Assert.Equal("$.providers.p.batch", problem.Path);
        Assert.Contains("true or false", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddFrugalProviders_registers_the_batch_registry()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new GatewayConfig { Providers = new Dictionary<string, ProviderConfig> { ["a"] = Provider("a", "anthropic", "https://api.anthropic.com") } });
        services.AddSingleton(TimeProvider.System);
        services.AddFrugalProviders();
        using var provider = services.BuildServiceProvider();

        var registry = provider.GetRequiredService<IProviderBatchRegistry>();

        Assert.IsType<AnthropicBatchClient>(registry.Find("a"));
    }

    private static ProviderConfig Provider(string name, string kind, string url) => new() { Name = name, Kind = kind, BaseUrl = new Uri(url) };
}
