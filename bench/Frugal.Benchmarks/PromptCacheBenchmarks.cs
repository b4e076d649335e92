using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Frugal.Core.Configuration;
using Frugal.Core.Pipeline;
using Frugal.Core.PromptCache;
using Frugal.Core.Routing;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;

namespace Frugal.Benchmarks;

/// <summary>
/// The prompt-cache stage's own work per attempt on a ~4k-token prompt (a ~3,000-token system prompt, four tool
/// schemas, a twelve-message conversation), without HTTP: hashing the prompt's prefixes, the learning store (100,000
/// prefixes already known), and the attempt's copy with its markers (Anthropic) or key (OpenAI). Budget: ≤ 50 µs p50.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class PromptCacheBenchmarks
{
    private static readonly RouteTarget Anthropic = new(new ProviderConfig { Name = "anthropic", Kind = "anthropic", BaseUrl = new Uri("http://127.0.0.1:9/") }, "claude-sonnet-4", "claude-sonnet-4-20250514");
    private static readonly RouteTarget OpenAi = new(new ProviderConfig { Name = "openai", BaseUrl = new Uri("http://127.0.0.1:9/v1") }, "gpt-4o-mini", "gpt-4o-mini");

    private static readonly string[] ToolNames = ["lookup_order", "issue_refund", "escalate", "search_help_center"];

    private ChatCompletionRequest _request = null!;
    private PromptCacheHandler _handler = null!;

    [GlobalSetup]
    public void Setup()
    {
        _request = JsonSerializer.Deserialize(RequestJson(), ProtocolJson.Context.ChatCompletionRequest)!;
        var store = new MemoryPromptPrefixStore(200_000);
        var now = DateTimeOffset.UtcNow;
        for (ulong key = 1; key <= 100_000; key++)
        {
            store.ObserveAsync(key * 0x9E3779B97F4A7C15UL, now).AsTask().GetAwaiter().GetResult();
        }

        var config = new PromptCacheConfig { Mode = PromptCacheMode.Auto };
        _handler = new PromptCacheHandler(new NoUpstream(), config, store, PromptCacheCatalog.Embedded, TimeProvider.System);

        // Warm the prefix state as a running service has it (the stable prefix and the conversation seen before).
        for (var i = 0; i < 3; i++)
        {
            AnthropicAttempt().AsTask().GetAwaiter().GetResult();
        }
    }

    [Benchmark]
    public ValueTask<ChatCompletionRequest?> AnthropicAttempt() => _handler.ShapeAsync(Request(Anthropic));

    [Benchmark]
    public ValueTask<ChatCompletionRequest?> OpenAiAttempt() => _handler.ShapeAsync(Request(OpenAi));

    private GatewayRequest Request(RouteTarget target)
    {
        var request = GatewayRequest.ForChat("r", Tenant.Anonymous, _request, 0);
        request.Features.Set(new RoutingFeature { Target = target });
        return request;
    }

    private static string RequestJson()
    {
        var system = new StringBuilder("You are the customer support assistant of Northwind Parcel. Follow every rule below exactly.\\n");
        for (var i = 1; i <= 60; i++)
        {
            system.Append("Rule ").Append(i).Append(". When a customer writes about deliveries, check the account history first, confirm the order number, quote policy section ")
                .Append(i).Append(" in plain words and keep the answer under 120 words. Never promise a refund that section ").Append(i)
                .Append(" does not allow; escalate when the customer mentions legal action or a third failure.\\n");
        }

        var messages = new StringBuilder();
        messages.Append("{\"role\":\"system\",\"content\":\"").Append(system).Append("\"}");
        for (var turn = 0; turn < 6; turn++)
        {
            messages.Append(",{\"role\":\"user\",\"content\":\"Question ").Append(turn).Append(": my parcel 1042 has not arrived, can you check where it is and when it will come?\"}");
            messages.Append(",{\"role\":\"assistant\",\"content\":\"It is with the regional carrier and should arrive within two working days; I have asked them to confirm.\"}");
        }

        messages.Append(",{\"role\":\"user\",\"content\":\"Thanks, and can you also check my refund?\"}");
        const string Tool = """{"type":"function","function":{"name":"NAME","description":"Find an order by its number and return its status, items, carrier and delivery estimate.","parameters":{"type":"object","properties":{"input":{"type":"string"},"order_number":{"type":"string"},"priority":{"type":"string","enum":["low","normal","high"]}},"required":["input"]}}}""";
        var tools = string.Join(",", ToolNames.Select(name => Tool.Replace("NAME", name, StringComparison.Ordinal)));
        return "{\"model\":\"m\",\"messages\":[" + messages + "],\"tools\":[" + tools + "]}";
    }

    private sealed class NoUpstream : IGatewayHandler
    {
        public ValueTask<GatewayResult<ChatCompletion>> SendAsync(GatewayRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<GatewayResult<ChatStream>> StreamAsync(GatewayRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<GatewayResult<EmbeddingResult>> EmbedAsync(GatewayRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
