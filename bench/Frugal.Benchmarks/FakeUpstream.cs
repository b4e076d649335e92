using System.Text;
using System.Text.Json;
using Frugal.Core.Dispatch;
using Frugal.Core.Pipeline;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;

namespace Frugal.Benchmarks;

/// <summary>
/// The upstream of <see cref="PipelineBenchmarks"/>, in process: every provider name gets this client, which answers
/// at once with a canned completion, or a canned stream of eight chunks (six content pieces, the finish chunk, the
/// usage chunk). Answers are parsed once, here, and handed out as the OpenAI adapter hands out its own (parsed form
/// plus the upstream's bytes), so the figures hold the pipeline's work, not HTTP or JSON parsing. Completing
/// synchronously keeps them deterministic; a real upstream's awaits add the boxing of the waiting state machines.
/// </summary>
public sealed class FakeUpstream : IProviderClient, IProviderRegistry
{
    // What an OpenAI-compatible upstream sends: the answer, and the same answer as eight stream frames.
    private const string CompletionJson = """{"id":"chatcmpl-fake","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"You can reset it from the app: Settings, Security, Reset password, then confirm."},"finish_reason":"stop"}],"usage":{"prompt_tokens":24,"completion_tokens":16,"total_tokens":40}}""";

    private static readonly string[] ChunkJson =
    [
        """{"id":"chatcmpl-fake","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":"You can reset it"},"finish_reason":null}]}""",
        """{"id":"chatcmpl-fake","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":" from the app:"},"finish_reason":null}]}""",
        """{"id":"chatcmpl-fake","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":" Settings,"},"finish_reason":null}]}""",
        """{"id":"chatcmpl-fake","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":" Security,"},"finish_reason":null}]}""",
        """{"id":"chatcmpl-fake","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":" Reset password,"},"finish_reason":null}]}""",
        """{"id":"chatcmpl-fake","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":" then confirm."},"finish_reason":null}]}""",
        """{"id":"chatcmpl-fake","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""",
        """{"id":"chatcmpl-fake","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":24,"completion_tokens":16,"total_tokens":40}}""",
    ];

    private readonly ReadOnlyMemory<byte> _completionJson = Encoding.UTF8.GetBytes(CompletionJson);
    private readonly ChatCompletionResponse _completion;
    private readonly ChatChunk[] _chunks = [.. ChunkJson.Select(Chunk)];
    private int _calls;

    public FakeUpstream() => _completion = JsonSerializer.Deserialize(_completionJson.Span, ProtocolJson.Context.ChatCompletionResponse)!;

    public string Name => "fake";

    /// <summary>Calls that reached the upstream (answers the cache did not serve).</summary>
    public int Calls => Volatile.Read(ref _calls);

    public IProviderClient Get(string providerName) => this;

    public ValueTask<GatewayResult<ChatCompletion>> SendAsync(ProviderCall call, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return ValueTask.FromResult<GatewayResult<ChatCompletion>>(new ChatCompletion(_completion, _completionJson));
    }

    public ValueTask<GatewayResult<ChatStream>> StreamAsync(ProviderCall call, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return ValueTask.FromResult<GatewayResult<ChatStream>>(new ChatStream(_chunks.ToAsyncEnumerable()));
    }

    public ValueTask<GatewayResult<EmbeddingResult>> EmbedAsync(ProviderEmbeddingCall call, CancellationToken cancellationToken)
        => throw new NotSupportedException("the pipeline benchmarks make no embedding calls");

    private static ChatChunk Chunk(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        return ChatChunk.FromUpstream(JsonSerializer.Deserialize(bytes, ProtocolJson.Context.ChatCompletionChunk)!, bytes);
    }
}
