using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Frugal.Core.Accounting.Ledger;
using Frugal.Core.Caching;
using Frugal.Core.Configuration.Live;
using Frugal.Core.Diagnostics;
using Frugal.Core.Dispatch;
using Frugal.Core.Pipeline;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;
using Frugal.Server;
using Frugal.Server.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Benchmarks;

/// <summary>
/// One chat request through the gateway's pipeline as production composes it (GatewayHost's services,
/// GatewayPipeline.Build: ledger → exact cache when enabled → routing → dispatch), without HTTP: the upstream is an
/// in-process fake with canned answers, so what is measured is the stages' own work per request. Cache=off: every
/// request goes to the fake; Cache=hit: the exact cache (memory backend) answers every request.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class PipelineBenchmarks
{
    // A fixed id: real ids come from the intake (outside the pipeline), and on a hit the cache links the id to its
    // entry in the store; a new id per operation would grow that store for the whole run and measure its resizing.
    private const string RequestId = "req-bench";

    private readonly FakeUpstream _upstream = new();
    private string _dataDir = null!;
    private ServiceProvider _services = null!;
    private IGatewayHandler _pipeline = null!;
    private ChatCompletionRequest _chat = null!;
    private ChatCompletionRequest _streamedChat = null!;

    [Params("off", "hit")]
    public string Cache { get; set; } = "off";

    [GlobalSetup]
    public void Setup()
    {
        _dataDir = Directory.CreateTempSubdirectory("frugal-bench-").FullName;
        var config = ConfigLoader.Parse($$"""
            {
              "dataDir": {{JsonSerializer.Serialize(_dataDir)}},
              "auth": { "mode": "none" },
              "providers": { "fake": { "kind": "openai", "baseUrl": "http://127.0.0.1:9/v1", "maxRetries": 0 } },
              "models": { "gpt-4o-mini": { "provider": "fake" } },
              "cache": { "enabled": {{(Cache == "hit" ? "true" : "false")}}, "backend": "memory" }
            }
            """, "bench").Config ?? throw new InvalidOperationException("the bench config is invalid");

        var services = new ServiceCollection().AddLogging(); // no logging provider: nothing is written, as at the default level
        GatewayHost.AddGatewayServices(services, config, TimeProvider.System);
        services.AddPerGeneration<IProviderRegistry>(_ => _upstream); // the last registration of a per-generation type wins, as in DI

        // The production sink is MeteredLedgerSink over LedgerWriter's bounded queue, whose reader commits to SQLite.
        // Not started, that queue fills and then blocks; started, its SQLite commits (measured on their own by
        // LedgerBenchmarks) would land in these figures, since the memory diagnoser counts every thread's allocations.
        // Enqueueing a struct on a bounded channel allocates nothing, so dropping the entry after counting it loses nothing.
        services.AddSingleton<ILedgerSink>(sp => new MeteredLedgerSink(new DroppingLedgerSink(), sp.GetRequiredService<RequestInstruments>()));
        _services = services.BuildServiceProvider();
        _ = _services.GetRequiredService<PrometheusExporter>(); // production listens to every instrument from the start (/metrics)
        _pipeline = _services.GetRequiredService<ConfigGenerations>().Current.Pipeline; // what the endpoints run

        _chat = Parse("""{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"How do I reset my password?"}]}""");
        _streamedChat = Parse("""{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"How do I reset my password?"}]}""");

        // Warm both paths; with the cache on, the first request is the only miss: streamed or not, identical requests
        // share one entry, and every later one is a hit.
        for (var round = 0; round < 2; round++)
        {
            _ = Chat().AsTask().GetAwaiter().GetResult();
            _ = StreamedChat().AsTask().GetAwaiter().GetResult();
        }

        var expected = Cache == "hit" ? 1 : 4;
        if (_upstream.Calls != expected)
        {
            throw new InvalidOperationException($"{_upstream.Calls} upstream calls in setup, expected {expected}: the cache did not answer as this benchmark assumes");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Benchmark]
    public async ValueTask<ChatCompletion> Chat()
    {
        var result = await _pipeline.SendAsync(Request(_chat), CancellationToken.None);
        return result.Value ?? throw new InvalidOperationException(result.Error!.Message);
    }

    /// <summary>
    /// Opens the stream and reads all of it, as the endpoint does before writing each chunk out: the upstream's eight
    /// chunks, or on a hit the stored answer replayed as three (content, finish, usage).
    /// </summary>
    [Benchmark]
    public async ValueTask<int> StreamedChat()
    {
        var result = await _pipeline.StreamAsync(Request(_streamedChat), CancellationToken.None);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException(result.Error.Message);
        }

        await using var stream = result.Value;
        var chunks = 0;
        await foreach (var chunk in stream.Chunks)
        {
            chunks += chunk.Json.Length > 0 ? 1 : 0;
        }

        return chunks;
    }

    // Parsing the body is the intake's work (before the pipeline): done once. The pipeline request is new per call,
    // as it carries the per-request features.
    private static GatewayRequest Request(ChatCompletionRequest chat) => GatewayRequest.ForChat(RequestId, Tenant.Anonymous, chat, TimeProvider.System.GetTimestamp());

    private static ChatCompletionRequest Parse(string json) => JsonSerializer.Deserialize(json, ProtocolJson.Context.ChatCompletionRequest)!;

    private sealed class DroppingLedgerSink : ILedgerSink
    {
        public ValueTask EnqueueAsync(LedgerEntry entry) => ValueTask.CompletedTask;
    }
}
