using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Frugal.Core.Diagnostics;
using Frugal.MockUpstream;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Frugal.Tests.Functional.CacheTestHelpers;

namespace Frugal.Tests.Functional;

/// <summary>The persistent backends end to end: SQLite survives a restart, Redis is shared by two gateway processes.</summary>
public sealed class CacheBackendTests
{
    private const string SemanticOn = """ "semantic": { "enabled": true, "embedder": "hashing", "threshold": 0.9, "syncIntervalMs": 0 } """;

    [Fact]
    public async Task The_sqlite_backend_serves_exact_and_semantic_hits_after_a_restart()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "frugal-tests", Guid.NewGuid().ToString("N"));
        var config = $$""", "cache": { "enabled": true, "backend": "sqlite", {{SemanticOn}} }""";
        try
        {
            await using (var before = await TestGateway.StartAsync(extraJson: config, dataDir: dataDir))
            {
                using var miss = await PostChatAsync(before, Body("persist-1 How do I reset my password?"));
                Assert.Equal("miss", Outcome(miss));
            }

            await using var after = await TestGateway.StartAsync(extraJson: config, dataDir: dataDir);
            using var exact = await PostChatAsync(after, Body("persist-1 How do I reset my password?"));
            using var semantic = await PostChatAsync(after, Body("persist-1 how do I reset my password"));

            Assert.Equal("hit", Outcome(exact));
            Assert.Equal("semantic-hit", Outcome(semantic));
            Assert.Contains("persist-1 How do I reset my password?", await semantic.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(0, UpstreamCalls(after, "persist-1")); // the new process never called upstream
            Assert.True(File.Exists(Path.Combine(dataDir, "cache.db")));
        }
        finally
        {
            TryDelete(dataDir);
        }
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task The_redis_backend_is_shared_by_two_gateway_processes()
    {
        await using var mock = await MockUpstreamServer.StartAsync();
        var prefix = RedisTestServer.UniquePrefix();
        var dir = Path.Combine(Path.GetTempPath(), "frugal-redis-cache", Guid.NewGuid().ToString("N"));
        string Config(string name) => $$"""
            {
              "dataDir": "{{dir}}/{{name}}",
              "auth": { "mode": "none" },
              "providers": { "mock": { "kind": "openai", "baseUrl": "{{mock.BaseUri.AbsoluteUri.TrimEnd('/')}}/v1" } },
              "models": { "gpt-4o-mini": { "provider": "mock" } },
              "cache": { "enabled": true, "backend": "redis", {{SemanticOn}} }
              {{RedisTestServer.ConfigJson(prefix)}}
            }
            """;
        try
        {
            await using var a = await GatewayProcess.StartAsync(Config("a"));
            await using var b = await GatewayProcess.StartAsync(Config("b"));

            using var missOnA = await PostAsync(a.Http, "shared-1 How do I top up my account?");
            using var hitOnB = await PostAsync(b.Http, "shared-1 How do I top up my account?");
            using var semanticOnB = await PostAsync(b.Http, "shared-1 how do I top up my account");

            Assert.Equal("miss", Outcome(missOnA));
            Assert.Equal("hit", Outcome(hitOnB));
            Assert.Equal("semantic-hit", Outcome(semanticOnB));
            Assert.Equal(await Content(missOnA), await Content(hitOnB));
            Assert.Equal(1, mock.RecentRequests.Count(r => r.Body.Contains("shared-1", StringComparison.Ordinal)));

            // Feedback on B evicts the entry for A too: the semantic log and the store are shared.
            var requestId = semanticOnB.Headers.GetValues("x-frugal-request-id").Single();
            using var feedback = await b.Http.PostAsync(new Uri("/admin/cache/feedback", UriKind.Relative),
                new StringContent($$"""{"request_id":"{{requestId}}","wrong":true}""", Encoding.UTF8, "application/json"));
            Assert.Equal(200, (int)feedback.StatusCode);
            using var afterFeedbackOnA = await PostAsync(a.Http, "shared-1 how do I top up my account");
            Assert.Equal("miss", Outcome(afterFeedbackOnA));
            Assert.Equal(2, mock.RecentRequests.Count(r => r.Body.Contains("shared-1", StringComparison.Ordinal)));
        }
        finally
        {
            TryDelete(dir);
        }
    }

    [Fact]
    public async Task An_unreachable_backend_is_answered_as_a_miss_and_counted_not_returned_as_an_error()
    {
        int deadPort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            deadPort = ((IPEndPoint)listener.LocalEndpoint).Port; // nothing listens here once the listener is gone
        }

        await using var gateway = await TestGateway.StartAsync(extraJson: $$"""
            , "redis": { "connection": "127.0.0.1:{{deadPort}}", "timeoutMs": 200 },
              "cache": { "enabled": true, "backend": "redis", {{SemanticOn}} }
            """);
        var meter = gateway.App.Services.GetRequiredService<FrugalMetrics>().Meter;
        var measured = new Dictionary<string, long>();
        using var meterListener = new MeterListener();
        meterListener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && instrument.Name.StartsWith("frugal.cache.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var outcome = tags.ToArray().FirstOrDefault(t => t.Key == "outcome").Value as string;
            measured[instrument.Name + (outcome is null ? string.Empty : ":" + outcome)] = value;
        });
        meterListener.Start();

        using var first = await PostChatAsync(gateway, Body("dead-backend-1 hello"));
        using var second = await PostChatAsync(gateway, Body("dead-backend-1 hello"));
        meterListener.RecordObservableInstruments();

        Assert.Equal(200, (int)first.StatusCode);
        Assert.Equal(200, (int)second.StatusCode);
        Assert.Equal("miss", Outcome(first));
        Assert.Equal("miss", Outcome(second)); // nothing could be stored, nothing is made up
        Assert.Equal(2, UpstreamCalls(gateway, "dead-backend-1"));
        Assert.True(measured.GetValueOrDefault("frugal.cache.backend_errors") > 0);
        Assert.Equal(2, measured.GetValueOrDefault("frugal.cache.requests:miss"));
    }

    private static string Body(string text) => JsonSerializer.Serialize(new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = text } } });

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string text)
        => http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), new StringContent(Body(text), Encoding.UTF8, "application/json"));

    private static async Task<string?> Content(HttpResponseMessage response)
        => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // a SQLite file still held by the pool; temp is cleaned eventually
        }
    }
}
