using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Frugal.Core.Pipeline;
using Frugal.Core.Privacy;
using Frugal.Core.Privacy.Restore;
using Frugal.Core.Text;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;

namespace Frugal.Benchmarks;

/// <summary>
/// The privacy stage's own work (issue #18 targets): scanning and masking a ~2,000-token prompt (English and Chinese
/// support-desk text with a dozen identifiers: ≤ 0.5 ms p50 = the Median column), and what restoring adds to the
/// time to the first chunk of a stream whose first chunk holds a placeholder (≤ 1 ms).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class PrivacyBenchmarks
{
    private const string Paragraph =
        "Customer Jane wrote in again about her refund for order 58213. She says the courier left the parcel at the wrong door "
        + "and the photo in the tracking page shows a different building. Please reply to jane.doe@example.com and copy "
        + "billing@acme-retail.co.uk, or call her back on +44 7700 900123 after 5 pm. Her card ending was charged twice, the "
        + "full number she pasted is 4111 1111 1111 1111 (expiry 09/27), and she asks us to refund to IBAN GB82 WEST 1234 5698 7654 32 instead. "
        + "客户李伟来电说发票抬头写错了，统一社会信用代码应为91350100M000100Y43，手机13812345678，身份证11010519491231002X。 "
        + "The login audit shows access from 203.0.113.77 at the time of the change. We should apologise, explain the "
        + "timeline, and confirm the second charge will be reversed within five working days. Keep the tone warm and short. ";

    private GatewayRequest _request = null!;
    private PiiMasker _masker = null!;
    private PrivacyPolicy _policy = null!;
    private PlaceholderMap _map = null!;
    private ChatChunk[] _chunks = null!;

    [GlobalSetup]
    public void Setup()
    {
        var prompt = new StringBuilder();
        while (O200kTokenCounter.Instance.CountTokens(prompt.ToString()) < 2000)
        {
            prompt.Append(Paragraph);
        }

        Console.WriteLine($"// prompt: {prompt.Length} characters, {O200kTokenCounter.Instance.CountTokens(prompt.ToString())} o200k tokens");
        var chat = new ChatCompletionRequest
        {
            Model = "gpt-4o-mini",
            Messages =
            [
                new ChatMessage { Role = "system", Content = JsonSerializer.SerializeToElement("You are a support agent.", ProtocolJson.Context.String) },
                new ChatMessage { Role = "user", Content = JsonSerializer.SerializeToElement(prompt.ToString(), ProtocolJson.Context.String) },
            ],
        };
        _request = GatewayRequest.ForChat("r", Tenant.Anonymous, chat, 0);
        _masker = new PiiMasker(PiiScanner.Create(new PrivacyConfig()), TimeSpan.FromSeconds(10), TimeProvider.System);
        _policy = new PrivacyPolicy(PiiAction.Mask);
        _map = _masker.Mask(_request, _policy).Map;
        _chunks =
        [
            Chunk("Dear customer, we wrote to <EMA"), Chunk("IL_1> and will refund"), Chunk(" the card <CARD_1> today."),
        ];
    }

    [Benchmark]
    public PiiMaskResult ScanAndMask2000Tokens() => _masker.Mask(_request, _policy);

    /// <summary>Baseline: the first chunk of a stream nobody rewrites.</summary>
    [Benchmark(Baseline = true)]
    public async Task<ChatChunk> FirstChunkPlain()
    {
        var stream = new ChatStream(Source(_chunks));
        stream.Observe(NoObserver.Instance);
        await using var chunks = stream.Chunks.GetAsyncEnumerator();
        await chunks.MoveNextAsync();
        return chunks.Current;
    }

    /// <summary>The same stream through the restorer: the first chunk ends in half a placeholder, so it waits for the second.</summary>
    [Benchmark]
    public async Task<ChatChunk> FirstChunkRestored()
    {
        var stream = new ChatStream(Source(_chunks));
        stream.Rewrite(new StreamRestorer(_map));
        stream.Observe(NoObserver.Instance);
        await using var chunks = stream.Chunks.GetAsyncEnumerator();
        await chunks.MoveNextAsync();
        return chunks.Current;
    }

    private static ChatChunk Chunk(string text)
        => ChatChunk.FromParsed(new ChatCompletionChunk { Id = "c", Choices = [new ChunkChoice { Index = 0, Delta = new ChatDelta { Content = text } }] });

    private static async IAsyncEnumerable<ChatChunk> Source(ChatChunk[] chunks, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var chunk in chunks)
        {
            await Task.CompletedTask;
            yield return chunk;
        }
    }

    private sealed class NoObserver : IStreamObserver
    {
        public static readonly NoObserver Instance = new();

        public void OnChunk(ChatChunk chunk)
        {
        }

        public ValueTask OnCompletedAsync(StreamCompletion completion) => ValueTask.CompletedTask;
    }
}
