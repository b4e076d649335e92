using System.Runtime.CompilerServices;
using Frugal.Core.Dispatch;
using Frugal.Core.Pipeline;
using Frugal.Protocol.OpenAI;

namespace Frugal.Tests.Pipeline;

/// <summary>
/// An in-process upstream for stage tests (no HTTP): answers every call with <see cref="Pieces"/> as content
/// (streamed one chunk per piece, then a finish chunk and a usage chunk), and says how far a stream was read and
/// whether it was released. <see cref="FailAfter"/> breaks a stream after that many chunks; <see cref="Gate"/> holds
/// every call until the test opens it.
/// </summary>
public sealed class FakeProvider : IProviderClient, IProviderRegistry
{
    private int _sends;
    private int _streams;
    private int _chunksRead;
    private int _released;

    public string Name => "fake";

    public IReadOnlyList<string> Pieces { get; set; } = ["Hello", " there", "!"];

    /// <summary>Usage reported in the last chunk (and of a non-streamed answer); null = the upstream reports none.</summary>
    public ChatUsage? Usage { get; set; } = new() { PromptTokens = 10, CompletionTokens = 3, TotalTokens = 13 };

    public int? FailAfter { get; set; }

    public TaskCompletionSource? Gate { get; set; }

    public int Sends => Volatile.Read(ref _sends);

    public int Streams => Volatile.Read(ref _streams);

    public int ChunksRead => Volatile.Read(ref _chunksRead);

    public bool Released => Volatile.Read(ref _released) > 0;

    public IProviderClient Get(string providerName) => this;

    public async ValueTask<GatewayResult<ChatCompletion>> SendAsync(ProviderCall call, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _sends);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        var message = new ChatMessage { Role = "assistant", Content = System.Text.Json.JsonSerializer.SerializeToElement(string.Concat(Pieces), Frugal.Protocol.Json.ProtocolJson.Context.String) };
        return new ChatCompletion(new ChatCompletionResponse
        {
            Id = "chatcmpl-fake",
            Model = call.UpstreamModel,
            Choices = [new ChatChoice { Index = 0, Message = message, FinishReason = "stop" }],
            Usage = Usage,
        });
    }

    public async ValueTask<GatewayResult<ChatStream>> StreamAsync(ProviderCall call, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _streams);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return new ChatStream(ChunksAsync(call.UpstreamModel, CancellationToken.None), new Release(this));
    }

    public ValueTask<GatewayResult<EmbeddingResult>> EmbedAsync(ProviderEmbeddingCall call, CancellationToken cancellationToken)
        => throw new NotSupportedException();

    private async IAsyncEnumerable<ChatChunk> ChunksAsync(string model, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var sent = 0;
        foreach (var piece in Pieces)
        {
            if (FailAfter == sent)
            {
                throw new GatewayStreamException(GatewayError.UpstreamFailed(Name, "the connection was lost in the middle of the stream"));
            }

            cancellationToken.ThrowIfCancellationRequested();
            Interlocked.Increment(ref _chunksRead);
            sent++;
            yield return Chunk(model, new ChunkChoice { Index = 0, Delta = new ChatDelta { Role = sent == 1 ? "assistant" : null, Content = piece } });
            await Task.Yield();
        }

        Interlocked.Increment(ref _chunksRead);
        yield return Chunk(model, new ChunkChoice { Index = 0, Delta = new ChatDelta(), FinishReason = "stop" });
        if (Usage is { } usage)
        {
            Interlocked.Increment(ref _chunksRead);
            var last = Chunk(model, null);
            last.Parsed.Usage = usage;
            yield return ChatChunk.FromParsed(last.Parsed);
        }
    }

    private static ChatChunk Chunk(string model, ChunkChoice? choice)
        => ChatChunk.FromParsed(new ChatCompletionChunk { Id = "chatcmpl-fake", Created = 1, Model = model, Choices = choice is null ? [] : [choice] });

    private sealed class Release(FakeProvider owner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            Interlocked.Increment(ref owner._released);
            return ValueTask.CompletedTask;
        }
    }
}
