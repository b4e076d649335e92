using System.Net;
using Frugal.MockUpstream;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Hosting;

public sealed class ProxyTests
{
    private const string Chat = """{"model":"MODEL","messages":[{"role":"user","content":"hello through the network"}]}""";

    private static async Task<HttpResponseMessage> ChatAsync(HttpClient http, string model)
    {
        using var content = new StringContent(Chat.Replace("MODEL", model, StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json");
        return await http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), content);
    }

    [Fact]
    public async Task A_provider_proxy_carries_its_calls_and_proxy_false_connects_directly()
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions());
        await using var proxy = new ForwardProxy(mock.BaseUri);
        var port = mock.BaseUri.Port;
        var dataDir = HostedGateway.NewDataDir();
        var config = HostedGateway.Config(dataDir, $$"""
            , "providers": {
                "behind-proxy": { "kind": "openai", "baseUrl": "http://upstream.invalid:{{port}}/v1", "proxy": "{{proxy.Address.AbsoluteUri.TrimEnd('/')}}", "maxRetries": 0 },
                "direct": { "kind": "openai", "baseUrl": "http://127.0.0.1:{{port}}/v1", "proxy": false, "maxRetries": 0 }
              },
              "models": { "far": { "provider": "behind-proxy", "upstreamModel": "gpt-4o-mini" }, "near": { "provider": "direct", "upstreamModel": "gpt-4o-mini" } }
            """);
        await using var gateway = await HostedGateway.StartAsync(config, dataDir);
        using var http = new HttpClient { BaseAddress = gateway.BaseUri };

        using (var far = await ChatAsync(http, "far"))
        {
            Assert.Equal(HttpStatusCode.OK, far.StatusCode);
        }

        var line = Assert.Single(proxy.RequestLines);
        Assert.Equal($"POST http://upstream.invalid:{port}/v1/chat/completions HTTP/1.1", line);

        using (var near = await ChatAsync(http, "near"))
        {
            Assert.Equal(HttpStatusCode.OK, near.StatusCode);
        }

        Assert.Single(proxy.RequestLines); // the direct provider did not touch the proxy
    }

    [Fact]
    public void A_proxy_that_is_not_a_url_or_false_is_a_config_error_with_its_path()
    {
        var loaded = Frugal.Server.ConfigLoader.Parse("""{ "providers": { "p": { "baseUrl": "http://127.0.0.1:1/v1", "proxy": "socks-ish" } } }""", "test");
        Assert.False(loaded.IsValid);
        Assert.Contains(loaded.Problems, p => p.Path == "$.providers.p.proxy");
    }

    /// <summary>
    /// The environment's proxy (read once per process by .NET, hence a child process): HTTP_PROXY carries a provider
    /// without its own rule, NO_PROXY bypasses it, and .NET never proxies a loopback upstream (checked here, not assumed).
    /// </summary>
    [Fact]
    [Trait("Category", "Slow")]
    public async Task HTTP_PROXY_is_followed_by_default_NO_PROXY_bypasses_it_and_loopback_upstreams_go_direct()
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions());
        await using var proxy = new ForwardProxy(mock.BaseUri);
        var port = mock.BaseUri.Port;
        var dataDir = HostedGateway.NewDataDir();
        var config = HostedGateway.Config(dataDir, $$"""
            , "providers": {
                "far": { "kind": "openai", "baseUrl": "http://upstream.invalid:{{port}}/v1", "maxRetries": 0 },
                "bypassed": { "kind": "openai", "baseUrl": "http://bypassed.invalid:{{port}}/v1", "maxRetries": 0 },
                "loopback": { "kind": "openai", "baseUrl": "http://127.0.0.1:{{port}}/v1", "maxRetries": 0 }
              },
              "models": {
                "far": { "provider": "far", "upstreamModel": "gpt-4o-mini" },
                "bypassed": { "provider": "bypassed", "upstreamModel": "gpt-4o-mini" },
                "loopback": { "provider": "loopback", "upstreamModel": "gpt-4o-mini" }
              }
            """);
        var environment = new Dictionary<string, string>
        {
            ["HTTP_PROXY"] = proxy.Address.AbsoluteUri,
            ["HTTPS_PROXY"] = proxy.Address.AbsoluteUri,
            ["NO_PROXY"] = "bypassed.invalid",
        };
        await using var gateway = await GatewayProcess.StartAsync(config, environment);

        using (var far = await ChatAsync(gateway.Http, "far"))
        {
            Assert.Equal(HttpStatusCode.OK, far.StatusCode);
        }

        Assert.Equal($"POST http://upstream.invalid:{port}/v1/chat/completions HTTP/1.1", Assert.Single(proxy.RequestLines));

        using (var bypassed = await ChatAsync(gateway.Http, "bypassed"))
        {
            // Direct means resolving bypassed.invalid, which cannot work: the gateway's 502 proves the proxy was skipped.
            Assert.Equal(HttpStatusCode.BadGateway, bypassed.StatusCode);
        }

        using (var loopback = await ChatAsync(gateway.Http, "loopback"))
        {
            Assert.Equal(HttpStatusCode.OK, loopback.StatusCode);
        }

        Assert.Single(proxy.RequestLines);
        Directory.Delete(dataDir, recursive: true);
    }
}
