using Frugal.Core.Pipeline;
using Frugal.Core.Privacy;
using Frugal.Core.Privacy.Restore;
using Frugal.Protocol.OpenAI;

namespace Frugal.Tests.Privacy;

public sealed class StreamRestorerTests
{
    private const string Answer = "Dear <PERSON_X>, we wrote to <EMAIL_1> and <CN_ID_1>; <EMAIL_1> again.<";

    private static PlaceholderMap Map()
    {
        var map = new PlaceholderMap();
        map.PlaceholderFor(PiiEntityType.Email, "li.wei@example.cn");
        map.PlaceholderFor(PiiEntityType.CnResidentId, "11010519491231002X");
        return map;
    }

    private static string Expected => Answer.Replace("<EMAIL_1>", "li.wei@example.cn", StringComparison.Ordinal).Replace("<CN_ID_1>", "11010519491231002X", StringComparison.Ordinal);

    [Fact]
    public async Task A_placeholder_split_at_every_possible_boundary_is_restored_exactly()
    {
        for (var cut = 0; cut <= Answer.Length; cut++)
        {
            for (var second = cut; second <= Answer.Length; second++)
            {
                var text = await StreamAsync([Answer[..cut], Answer[cut..second], Answer[second..]]);
                Assert.Equal(Expected, text);
            }
        }
    }

    [Fact]
    public async Task One_character_per_chunk_is_restored_and_never_holds_more_than_one_placeholder()
    {
        var map = Map();
        var restorer = new PlaceholderRestorer(map, json: false);
        var output = new System.Text.StringBuilder();
        foreach (var c in Answer)
        {
            output.Append(restorer.Push(c.ToString()));
            Assert.True(restorer.HeldLength < map.MaxPlaceholderLength, $"held {restorer.HeldLength} characters");
        }

        output.Append(restorer.Flush());
        Assert.Equal(Expected, output.ToString());
        Assert.Equal(Expected, await StreamAsync([.. Answer.Select(c => c.ToString())]));
    }

    [Fact]
    public void Tool_call_arguments_are_restored_in_values_never_in_keys_and_escaped()
    {
        var map = new PlaceholderMap();
        map.PlaceholderFor(PiiEntityType.Email, "a\"b@example.com");
        const string arguments = """{"<EMAIL_1>":"<EMAIL_1>","list":["x <EMAIL_1>"],"n":1}""";
        for (var cut = 0; cut <= arguments.Length; cut++)
        {
            var restorer = new PlaceholderRestorer(map, json: true);
            var restored = restorer.Push(arguments[..cut]) + restorer.Push(arguments[cut..]) + restorer.Flush();
            Assert.Equal("""{"<EMAIL_1>":"a\"b@example.com","list":["x a\"b@example.com"],"n":1}""", restored);
        }
    }

    [Fact]
    public async Task Chunks_without_placeholders_pass_through_with_their_bytes()
    {
        var source = Chunk("plain text");
        var stream = new ChatStream(ToAsync([source]));
        stream.Rewrite(new StreamRestorer(Map()));
        await foreach (var chunk in stream.Chunks)
        {
            Assert.Same(source, chunk);
        }
    }

    private static async Task<string> StreamAsync(IReadOnlyList<string> pieces)
    {
        List<ChatChunk> chunks = [.. pieces.Select(p => Chunk(p))];
        chunks.Add(ChatChunk.FromParsed(new ChatCompletionChunk { Id = "c", Choices = [new ChunkChoice { Index = 0, Delta = new ChatDelta(), FinishReason = "stop" }] }));
        var stream = new ChatStream(ToAsync(chunks));
        stream.Rewrite(new StreamRestorer(Map()));
        var text = new System.Text.StringBuilder();
        await foreach (var chunk in stream.Chunks)
        {
            foreach (var choice in chunk.Parsed.Choices)
            {
                text.Append(choice.Delta.Content);
            }
        }

        return text.ToString();
    }

    private static ChatChunk Chunk(string content)
        => ChatChunk.FromParsed(new ChatCompletionChunk { Id = "c", Choices = [new ChunkChoice { Index = 0, Delta = new ChatDelta { Content = content } }] });

    private static async IAsyncEnumerable<ChatChunk> ToAsync(IEnumerable<ChatChunk> chunks)
    {
        foreach (var chunk in chunks)
        {
            await Task.Yield();
            yield return chunk;
        }
    }
}
