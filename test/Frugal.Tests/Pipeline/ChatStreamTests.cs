using System.Runtime.CompilerServices;
using Frugal.Core.Pipeline;
using Frugal.Protocol.OpenAI;

namespace Frugal.Tests.Pipeline;

/// <summary>The one stream driver: observers, rewriters, and a completion that runs once however the stream ends.</summary>
public sealed class ChatStreamTests
{
    [Fact]
    public async Task Observers_see_every_chunk_and_complete_once_innermost_first()
    {
        var log = new List<string>();
        var stream = new ChatStream(Source(["a", "b"]));
        stream.Observe(new Probe("settle", log));
        stream.Observe(new Probe("route", log));
        stream.Observe(new Probe("ledger", log));

        var read = await ReadAsync(stream);
        await stream.DisposeAsync(); // after the end: completion must not run again

        Assert.Equal(["a", "b"], read);
        Assert.Equal(
            ["settle:a", "route:a", "ledger:a", "settle:b", "route:b", "ledger:b", "settle:end:Completed", "route:end:Completed", "ledger:end:Completed"],
            log);
    }

    [Fact]
    public async Task A_stream_disposed_unread_completes_once_after_releasing_the_upstream()
    {
        var log = new List<string>();
        var owner = new Owner(log);
        var stream = new ChatStream(Source(["a"]), owner);
        stream.Observe(new Probe("ledger", log));

        await stream.DisposeAsync();
        await stream.DisposeAsync();

        Assert.Equal(["released", "ledger:end:DisposedUnread"], log);
    }

    [Fact]
    public async Task A_reader_that_stops_early_completes_as_client_left()
    {
        var log = new List<string>();
        var stream = new ChatStream(Source(["a", "b", "c"]));
        stream.Observe(new Probe("ledger", log));

        await foreach (var chunk in stream.Chunks)
        {
            break;
        }

        Assert.Equal(["ledger:a", "ledger:end:ClientLeft"], log);
    }

    [Fact]
    public async Task An_upstream_failure_reaches_the_reader_and_the_observers_get_its_error()
    {
        var probe = new Probe("ledger", []);
        var stream = new ChatStream(Source(["a"], failAtEnd: true));
        stream.Observe(probe);

        var ex = await Assert.ThrowsAsync<GatewayStreamException>(() => ReadAsync(stream));

        Assert.Equal(StreamEnd.UpstreamFailed, probe.Completion!.How);
        Assert.Same(ex.Error, probe.Completion.Error);
        Assert.Null(probe.Completion.Answer);
    }

    [Fact]
    public async Task The_answer_is_assembled_once_for_every_observer_that_asks()
    {
        var first = new Probe("cache", []);
        var second = new Probe("semantic", []);
        var stream = new ChatStream(Source(["Hel", "lo"], finish: true));
        stream.Observe(first, needsAnswer: true);
        stream.Observe(second, needsAnswer: true);

        await ReadAsync(stream);

        Assert.Equal("Hello", first.Completion!.Answer!.Choices[0].Message.TextContent());
        Assert.Same(first.Completion.Answer, second.Completion!.Answer);
    }

    [Fact]
    public async Task A_rewriter_holds_back_a_placeholder_split_across_chunks_and_flushes_at_the_end()
    {
        var log = new List<string>();
        var stream = new ChatStream(Source(["Hi <PERS", "ON_1>, and <ORG"]));
        stream.Rewrite(new PlaceholderRestorer());
        stream.Observe(new Probe("ledger", log));

        var read = await ReadAsync(stream);

        Assert.Equal(["Hi ", "Alice, and ", "<ORG"], read); // "<ORG" never closed: passed on as it came, at the end
        Assert.Equal(["ledger:Hi ", "ledger:Alice, and ", "ledger:<ORG", "ledger:end:Completed"], log); // observers see what the client sees
    }

    [Fact]
    public async Task A_rewriter_that_ends_the_stream_stops_reading_the_upstream_and_its_closing_chunks_still_go_out()
    {
        var pulled = 0;
        var stream = new ChatStream(Counting(Source(["a", "b", "STOP", "c", "d"]), () => pulled++));
        stream.Rewrite(new StopAt("STOP"));
        var probe = new Probe("ledger", []);
        stream.Observe(probe);

        var read = await ReadAsync(stream);

        Assert.Equal(["a", "b", "[stopped]"], read);
        Assert.Equal(3, pulled); // nothing after the chunk that ended it
        Assert.Equal(StreamEnd.Completed, probe.Completion!.How);
    }

    [Fact]
    public async Task Rewriters_apply_innermost_registered_first()
    {
        var stream = new ChatStream(Source(["x"]));
        stream.Rewrite(new Append("1"));
        stream.Rewrite(new Append("2"));

        Assert.Equal(["x12"], await ReadAsync(stream));
    }

    [Fact]
    public async Task Every_observer_completes_even_when_one_fails()
    {
        var log = new List<string>();
        var stream = new ChatStream(Source(["a"]));
        stream.Observe(new Throwing());
        stream.Observe(new Probe("ledger", log));

        await Assert.ThrowsAsync<InvalidOperationException>(() => ReadAsync(stream));

        Assert.Contains("ledger:end:Completed", log);
    }

    internal static ChatChunk TextChunk(string text, string? finish = null)
        => ChatChunk.FromParsed(new ChatCompletionChunk { Id = "c", Model = "m", Choices = [new ChunkChoice { Index = 0, Delta = new ChatDelta { Content = text }, FinishReason = finish }] });

    private static string Text(ChatChunk chunk) => chunk.Parsed.Choices.Count == 0 ? string.Empty : chunk.Parsed.Choices[0].Delta.Content ?? string.Empty;

    private static async Task<List<string>> ReadAsync(ChatStream stream)
    {
        var read = new List<string>();
        await foreach (var chunk in stream.Chunks)
        {
            read.Add(Text(chunk));
        }

        return read;
    }

    private static async IAsyncEnumerable<ChatChunk> Source(string[] texts, bool finish = false, bool failAtEnd = false, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < texts.Length; i++)
        {
            await Task.Yield();
            yield return TextChunk(texts[i], finish && i == texts.Length - 1 ? "stop" : null);
        }

        if (failAtEnd)
        {
            throw new GatewayStreamException(GatewayError.UpstreamFailed("fake", "the connection was lost in the middle of the stream"));
        }
    }

    private static async IAsyncEnumerable<ChatChunk> Counting(IAsyncEnumerable<ChatChunk> source, Action pulled)
    {
        await foreach (var chunk in source)
        {
            pulled();
            yield return chunk;
        }
    }

    private sealed class Probe(string name, List<string> log) : IStreamObserver
    {
        public StreamCompletion? Completion { get; private set; }

        public void OnChunk(ChatChunk chunk) => log.Add($"{name}:{Text(chunk)}");

        public ValueTask OnCompletedAsync(StreamCompletion completion)
        {
            Assert.Null(Completion); // once
            Completion = completion;
            log.Add($"{name}:end:{completion.How}");
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Throwing : IStreamObserver
    {
        public void OnChunk(ChatChunk chunk)
        {
        }

        public ValueTask OnCompletedAsync(StreamCompletion completion) => throw new InvalidOperationException("observer bug");
    }

    private sealed class Owner(List<string> log) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            log.Add("released");
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>The hold-back pattern of the XML example on <see cref="IChunkRewriter"/>: "&lt;PERSON_1&gt;" → "Alice".</summary>
    private sealed class PlaceholderRestorer : IChunkRewriter
    {
        private string _held = string.Empty;

        public void OnChunk(ChatChunk chunk, ChunkOutput output)
        {
            var text = _held + Text(chunk);
            var open = text.LastIndexOf('<');
            var cut = open >= 0 && text.IndexOf('>', open) < 0 ? open : text.Length;
            _held = text[cut..];
            if (cut > 0)
            {
                output.Emit(TextChunk(text[..cut].Replace("<PERSON_1>", "Alice", StringComparison.Ordinal)));
            }
        }

        public void OnUpstreamEnded(ChunkOutput output)
        {
            if (_held.Length > 0)
            {
                output.Emit(TextChunk(_held));
            }
        }
    }

    private sealed class StopAt(string marker) : IChunkRewriter
    {
        public void OnChunk(ChatChunk chunk, ChunkOutput output)
        {
            if (Text(chunk) == marker)
            {
                output.EndStream();
                return;
            }

            output.Emit(chunk);
        }

        public void OnUpstreamEnded(ChunkOutput output) => output.Emit(TextChunk("[stopped]"));
    }

    private sealed class Append(string suffix) : IChunkRewriter
    {
        public void OnChunk(ChatChunk chunk, ChunkOutput output) => output.Emit(TextChunk(Text(chunk) + suffix));

        public void OnUpstreamEnded(ChunkOutput output)
        {
        }
    }
}
