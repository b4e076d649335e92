using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using Frugal.Core.Configuration;
using Frugal.MockUpstream;
using Frugal.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;

namespace Frugal.Tests.Infrastructure;

/// <summary>
/// A real gateway (the same host `frugal serve` runs) on a free loopback port, talking to a real
/// MockUpstream, with its own data directory. Created per test class or per test.
/// </summary>
public sealed class TestGateway : IAsyncDisposable
{
    /// <summary>The provider key the gateway holds; tests assert it never reaches a client or a log.</summary>
    public const string ProviderSecret = "sk-provider-secret-never-leak-4242";
    public const string ProviderKeyVariable = "FRUGAL_TEST_PROVIDER_KEY";

    private readonly bool _ownsDataDir;
    private readonly bool _ownsMock;

    private TestGateway(MockUpstreamServer mock, WebApplication app, string dataDir, GatewayConfig config, bool ownsDataDir, bool ownsMock)
    {
        _ownsDataDir = ownsDataDir;
        _ownsMock = ownsMock;
        Mock = mock;
        App = app;
        DataDir = dataDir;
        Config = config;
        BaseUri = new Uri(app.Urls.First());
        Http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public MockUpstreamServer Mock { get; }

    public WebApplication App { get; }

    public string DataDir { get; }

    public GatewayConfig Config { get; }

    public Uri BaseUri { get; }

    /// <summary>A raw HTTP client for the gateway, for byte-level and error-case tests.</summary>
    public HttpClient Http { get; }

    /// <summary>
    /// Starts MockUpstream and a gateway. <paramref name="authMode"/> is "none" or "keys";
    /// <paramref name="extraJson"/> is spliced into the top-level config object; <paramref name="extraProviders"/>
    /// into "providers" (start it with a comma; <c>{mockUrl}</c> is replaced by the mock's base URL). A given
    /// <paramref name="dataDir"/> (a restart on an earlier gateway's data) is left in place on dispose.
    /// <paramref name="time"/> is the gateway's clock: pass a <c>FakeTimeProvider</c> and advance it to reach TTL
    /// expiry, cool-downs, windows and refreshes without sleeping. <paramref name="configureServices"/> adds services after
    /// the gateway's own (a sibling component's stand-in, e.g. deferral's test IBatchJobs). Network timeouts stay on the real clock
    /// (AttemptScope, Kestrel), but dispatch's retry back-off waits on this clock: with a fake one, a test that makes
    /// the gateway retry must advance it (or configure maxRetries 0 for that provider). A given <paramref name="mock"/>
    /// (a restart that must find the provider batches an earlier gateway created there) is left running on dispose.
    /// </summary>
    public static async Task<TestGateway> StartAsync(string authMode = "none", string extraJson = "", string providerExtras = "", MockUpstreamOptions? mockOptions = null, CapturedLogs? logs = null, string adminKeyEnv = "FRUGAL_ADMIN_KEY_UNSET_IN_TESTS", string extraProviders = "", string? dataDir = null, TimeProvider? time = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configureServices = null, MockUpstreamServer? mock = null)
    {
        Environment.SetEnvironmentVariable(ProviderKeyVariable, ProviderSecret);
        var ownsMock = mock is null;
        mock ??= await MockUpstreamServer.StartAsync(mockOptions ?? new MockUpstreamOptions());
        var ownsDataDir = dataDir is null;
        dataDir ??= Path.Combine(Path.GetTempPath(), "frugal-tests", Guid.NewGuid().ToString("N"));
        var mockUrl = mock.BaseUri.AbsoluteUri.TrimEnd('/');
        var common = $"\"apiKeyEnv\": \"{ProviderKeyVariable}\", \"timeoutSeconds\": 2, \"maxRetries\": 2, \"retryBaseDelayMs\": 5 {providerExtras}";
        var json = $$"""
            {
              "dataDir": "{{dataDir.Replace("\\", "/", StringComparison.Ordinal)}}",
              "auth": { "mode": "{{authMode}}", "keyCacheSeconds": 0, "adminKeyEnv": "{{adminKeyEnv}}" },
              "limits": { "maxRequestBodyBytes": 262144 },
              "providers": {
                "mock": { "kind": "openai", "baseUrl": "{{mockUrl}}/v1", {{common}} },
                "mock-anthropic": { "kind": "anthropic", "baseUrl": "{{mockUrl}}", {{common}} },
                "azure": { "kind": "openai", "baseUrl": "{{mockUrl}}", "apiVersion": "2024-10-21", {{common}} },
                "impatient": { "kind": "openai", "baseUrl": "{{mockUrl}}/v1", "apiKeyEnv": "{{ProviderKeyVariable}}", "timeoutSeconds": 1, "maxRetries": 0 }{{extraProviders.Replace("{mockUrl}", mockUrl, StringComparison.Ordinal)}}
              },
              "models": {
                "gpt-4o-mini": { "provider": "mock" },
                "claude-sonnet-4": { "provider": "mock-anthropic", "upstreamModel": "claude-sonnet-4-20250514" },
                "azure-gpt-4o": { "provider": "azure", "upstreamModel": "my-gpt4o-deployment" },
                "impatient-model": { "provider": "impatient", "upstreamModel": "gpt-4o-mini" }
              }{{extraJson}}
            }
            """;
        var loaded = ConfigLoader.Parse(json, "test config");
        if (!loaded.IsValid)
        {
            throw new InvalidOperationException("Test config is invalid: " + string.Join("; ", loaded.Problems));
        }

        var app = GatewayHost.Build(loaded.Config!, new GatewayHostOptions
        {
            Urls = ["http://127.0.0.1:0"],
            Time = time ?? TimeProvider.System,
            LogLevel = Microsoft.Extensions.Logging.LogLevel.Information,
            LogToConsole = false,
            ConfigureLogging = logs is null ? null : logging => logging.AddProvider(logs),
            ConfigureServices = configureServices,
        });
        await app.StartAsync();
        return new TestGateway(mock, app, dataDir, loaded.Config!, ownsDataDir, ownsMock);
    }

    /// <summary>The official OpenAI SDK pointed at the gateway, with its own retries off so each test sees the gateway's answer.</summary>
    public ChatClient ChatClient(string model, string apiKey = "unused-in-no-auth-mode")
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(BaseUri, "/v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromSeconds(30),
        };
        return new ChatClient(model, new ApiKeyCredential(apiKey), options);
    }

    public OpenAIClient OpenAIClient(string apiKey = "unused-in-no-auth-mode")
        => new(new ApiKeyCredential(apiKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(BaseUri, "/v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

    public async Task<HttpResponseMessage> PostJsonAsync(string path, string json, string? bearer = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (_ownsMock)
        {
            await Mock.DisposeAsync();
        }

        if (!_ownsDataDir)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A SQLite file still held by the pool; the temp directory is cleaned eventually.
        }
    }
}
