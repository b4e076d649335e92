using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Frugal.Core.Caching;
using Frugal.Core.Pipeline;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;

namespace Frugal.Benchmarks;

/// <summary>
/// The exact cache's own work on a hit, without HTTP: the canonical key of a typical request
/// (system prompt, three turns, one tool), the memory store lookup among 100,000 entries, and
/// reading the stored answer back. A hit should cost microseconds, not milliseconds.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ExactCacheBenchmarks
{
    private const string Request = """
        {"model":"gpt-4o-mini","temperature":0.2,
         "messages":[{"role":"system","content":"You are a helpful banking assistant. Answer in two sentences."},
                     {"role":"user","content":"I ordered a new card last week."},
                     {"role":"assistant","content":"Thanks, it usually arrives within five working days."},
                     {"role":"user","content":"How do I reset my password if I no longer have access to the email on my account?"}],
         "tools":[{"type":"function","function":{"name":"lookup_account","parameters":{"type":"object","properties":{"id":{"type":"string"}}}}}]}
        """;

    private ChatCompletionRequest _request = null!;
    private MemoryCacheStore _store = null!;
    private string _key = null!;

    [GlobalSetup]
    public void Setup()
    {
        _request = JsonSerializer.Deserialize(Request, ProtocolJson.Context.ChatCompletionRequest)!;
        _store = new MemoryCacheStore(1L << 32, TimeProvider.System);
        var completion = JsonSerializer.Deserialize("""{"id":"c","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"You can reset it from the app: Settings, Security, Reset password, then confirm with your phone."},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":120,"completion_tokens":25,"total_tokens":145}}""", ProtocolJson.Context.ChatCompletionResponse)!;
        var payload = CachedAnswer.From(new ChatCompletion(completion), GatewayRequest.ForChat("r", Tenant.Anonymous, _request, 0))!.ToPayload();
        for (var i = 0; i < 100_000; i++)
        {
            _store.SetAsync($"v1:{i:x64}", new CacheEntry(payload, DateTimeOffset.UtcNow.AddHours(1)), default).AsTask().GetAwaiter().GetResult();
        }

        _key = CacheKeyBuilder.ExactKey("key:k1", _request);
        _store.SetAsync(_key, new CacheEntry(payload, DateTimeOffset.UtcNow.AddHours(1)), default).AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public string Key() => CacheKeyBuilder.ExactKey("key:k1", _request);

    [Benchmark]
    public async Task<CachedAnswer?> KeyLookupAndRead()
    {
        var entry = await _store.GetAsync(CacheKeyBuilder.ExactKey("key:k1", _request), default);
        return entry is null ? null : CachedAnswer.FromPayload(entry.Payload);
    }
}
