using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Net;
using Frugal.Core.Configuration.Live;
using Frugal.MockUpstream;
using Frugal.Server;
using Frugal.Server.Configuration;
using Frugal.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Chat;

namespace Frugal.Tests.Configuration;

/// <summary>
/// A real gateway started from a config file, edited while it serves: models, routes, providers, prices, cache rules
/// and budget rate limits apply to the next request; a stream in flight finishes on the configuration it started with.
/// The client is the official OpenAI SDK, the upstream MockUpstream.
/// </summary>
public sealed class LiveReloadTests : IAsyncLifetime
{
    private const string SmallModel = """ "small": { "provider": "mock", "upstreamModel": "gpt-4o-mini" } """;

    private readonly ConfigFixture _file = new("{}");
    private MockUpstreamServer _mock = null!;
    private WebApplication _app = null!;
    private Uri _baseUri = null!;

    public async Task InitializeAsync()
    {
        _mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions());
        File.WriteAllText(_file.FilePath, Config(SmallModel));
        var loaded = ConfigLoader.Load(_file.FilePath);
        Assert.True(loaded.IsValid, string.Join("; ", loaded.Problems));
        _app = GatewayHost.Build(loaded.Config!, new GatewayHostOptions { Urls = ["http://127.0.0.1:0"], ConfigFile = _file.FilePath, LogToConsole = false });
        await _app.StartAsync();
        _baseUri = new Uri(_app.Urls.First());
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _mock.DisposeAsync();
        _file.Dispose();
    }

    [Fact]
    public async Task New_models_and_routes_answer_after_a_reload_and_removed_ones_are_unknown()
    {
        var before = await Assert.ThrowsAsync<ClientResultException>(() => Chat("big").CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(404, before.Status);

        var outcome = Reload(Config(
            models: """ "big": { "provider": "mock", "upstreamModel": "gpt-4o" } """,
            extra: """, "routes": { "assistant": { "targets": ["big"] } } """));

        Assert.Equal(["models", "routes"], outcome.Applied);
        ChatCompletion big = await Chat("big").CompleteChatAsync([new UserChatMessage("hi")]);
        Assert.Equal("gpt-4o", big.Model);
        ChatCompletion routed = await Chat("assistant").CompleteChatAsync([new UserChatMessage("hi")]);
        Assert.Equal("gpt-4o", routed.Model);
        var removed = await Assert.ThrowsAsync<ClientResultException>(() => Chat("small").CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(404, removed.Status);

        using var http = new HttpClient { BaseAddress = _baseUri };
        var models = await http.GetStringAsync(new Uri("/v1/models", UriKind.Relative));
        Assert.Contains("\"big\"", models, StringComparison.Ordinal);
        Assert.Contains("\"assistant\"", models, StringComparison.Ordinal);
        Assert.DoesNotContain("\"small\"", models, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_in_flight_finishes_on_the_configuration_it_started_with()
    {
        var stream = Chat("small").CompleteChatStreamingAsync([new UserChatMessage("tell me [[chunks:12]] [[chunk-delay:60]]")]);
        var text = new System.Text.StringBuilder();
        var chunks = 0;
        ConfigReloadOutcome? outcome = null;
        await foreach (var update in stream)
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            if (++chunks == 2)
            {
                // Mid-stream: the model goes away and its provider now points at a closed port.
                outcome = Reload(Config(models: """ "other": { "provider": "mock", "upstreamModel": "gpt-4o" } """, mockUrl: "http://127.0.0.1:9"));
            }
        }

        Assert.NotNull(outcome);
        Assert.Equal(["models", "providers"], outcome.Applied);
        Assert.True(chunks >= 12, $"the stream ended after {chunks} chunks");
        Assert.NotEmpty(text.ToString());

        var generations = _app.Services.GetRequiredService<ConfigGenerations>();
        Assert.True(generations.Current.Number >= 2);
        var gone = await Assert.ThrowsAsync<ClientResultException>(() => Chat("small").CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(404, gone.Status);
        var unreachable = await Assert.ThrowsAsync<ClientResultException>(() => Chat("other").CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(502, unreachable.Status); // the new provider settings are the ones used
    }

    [Fact]
    public async Task New_prices_price_the_next_request()
    {
        var first = await CostOfAsync("small");

        Reload(Config(
            SmallModel,
            extra: """, "prices": { "models": { "small": { "input": 10, "output": 40 } } } """));
        var second = await CostOfAsync("small");

        Assert.NotEqual(first, second);
        Assert.True(second > first * 10, $"catalog gpt-4o-mini {first} vs override 10/40 per million {second}");
    }

    [Fact]
    public async Task Cache_rules_and_rate_limits_follow_a_reload()
    {
        // At start the model's cache rule is off and the rate limit is generous.
        Assert.Equal("bypass", await CacheOutcomeAsync("same question"));
        Assert.Equal("bypass", await CacheOutcomeAsync("same question"));

        var cached = Reload(Config(SmallModel, cacheRule: "true"));
        Assert.Equal(["cache.models"], cached.Applied);
        Assert.Equal("miss", await CacheOutcomeAsync("same question"));
        Assert.Equal("hit", await CacheOutcomeAsync("same question"));

        var limited = Reload(Config(SmallModel, cacheRule: "true", requestsPerMinute: 1));
        Assert.Equal(["budgets.rateLimits"], limited.Applied);
        using var http = new HttpClient { BaseAddress = _baseUri };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await PostAsync(http, $"fresh question {i}");
            statuses.Add(response.StatusCode);
        }

        // Four requests already counted this minute; should the minute turn between the two, the second is still refused.
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public void Switching_a_feature_on_or_off_is_named_and_waits_for_a_restart()
    {
        var outcome = Reload(Config(SmallModel, extra: """, "deferral": { "enabled": true } """).Replace("\"cache\": { \"enabled\": true", "\"cache\": { \"enabled\": false", StringComparison.Ordinal));

        Assert.Empty(outcome.Applied);
        Assert.Equal(["cache.enabled", "deferral"], outcome.RestartNeeded);
        Assert.Equal(1, _app.Services.GetRequiredService<ConfigGenerations>().Current.Number);
        Assert.True(_app.Services.GetRequiredService<ConfigGenerations>().Current.Config.Cache.Enabled);
    }

    private ConfigReloadOutcome Reload(string json)
    {
        File.WriteAllText(_file.FilePath, json);
        var outcome = _app.Services.GetRequiredService<ConfigReloader>().Reload();
        Assert.True(outcome.IsValid, string.Join("; ", outcome.Problems));
        return outcome;
    }

    private async Task<decimal> CostOfAsync(string model)
    {
        using var http = new HttpClient { BaseAddress = _baseUri };
        using var response = await PostAsync(http, "price me", model);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return decimal.Parse(response.Headers.GetValues("x-frugal-cost-usd").Single(), CultureInfo.InvariantCulture);
    }

    private async Task<string> CacheOutcomeAsync(string prompt)
    {
        using var http = new HttpClient { BaseAddress = _baseUri };
        using var response = await PostAsync(http, prompt);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("x-frugal-cache").Single();
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string prompt, string model = "small")
    {
        using var content = new StringContent($$"""{"model":"{{model}}","temperature":0,"messages":[{"role":"user","content":"{{prompt}}"}]}""", System.Text.Encoding.UTF8, "application/json");
        return await http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), content);
    }

    private ChatClient Chat(string model)
        => new(model, new ApiKeyCredential("unused-in-no-auth-mode"), new OpenAIClientOptions
        {
            Endpoint = new Uri(_baseUri, "/v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromSeconds(30),
        });

    /// <summary>The gateway's file: one provider, the given models, the cache on with a rule for "small", a rate limit for the anonymous key.</summary>
    private string Config(string models, string extra = "", string? mockUrl = null, string cacheRule = "false", int requestsPerMinute = 1000)
        => $$"""
            {
              "dataDir": "{{Path.Combine(_file.Folder, "data").Replace("\\", "/", StringComparison.Ordinal)}}",
              "auth": { "mode": "none" },
              "providers": { "mock": { "kind": "openai", "baseUrl": "{{mockUrl ?? _mock.BaseUri.AbsoluteUri.TrimEnd('/')}}/v1", "apiKey": "sk-test", "timeoutSeconds": 2, "maxRetries": 0 } },
              "models": { {{models}} },
              "cache": { "enabled": true, "models": { "small": { "enabled": {{cacheRule}} } } },
              "budgets": { "rateLimits": [ { "scope": "key", "subject": "anonymous", "requestsPerMinute": {{requestsPerMinute}} } ] }{{extra}}
            }
            """;
}
