using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Frugal.Core.Pipeline;
using Frugal.Protocol.Json;
using Frugal.Protocol.Sse;
using Frugal.Providers.Anthropic;
using Frugal.Providers.Anthropic.Wire;
using Frugal.Server.Http;

namespace Frugal.Tests.Protocol;

/// <summary>
/// Golden files for SSE framing: Anthropic's documented stream (Fixtures/Anthropic/*.sse) read by
/// our SSE reader, converted to OpenAI chunks and written by the server's SSE writer must give
/// exactly the bytes checked in under Golden/. A difference writes a .actual file next to the
/// golden one for review.
/// </summary>
public sealed class SseGoldenTests
{
    [Theory]
    [InlineData("streaming-text.sse", "anthropic-streaming-text.openai.sse")]
    [InlineData("streaming-tool-use.sse", "anthropic-streaming-tool-use.openai.sse")]
    public async Task Converted_anthropic_streams_are_framed_byte_for_byte(string fixture, string golden)
    {
        await using var input = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Anthropic", fixture));
        var converter = new AnthropicStreamConverter("anthropic", created: 1_700_000_000);
        var pipe = new Pipe();
        var chunks = new List<Frugal.Protocol.OpenAI.ChatCompletionChunk>();
        await foreach (var sse in SseReader.ReadAsync(input))
        {
            converter.Convert(JsonSerializer.Deserialize(sse.Data.Span, AnthropicJson.Context.StreamEvent)!, chunks);
            foreach (var chunk in chunks)
            {
                await SseWriter.WriteDataAsync(pipe.Writer, ChatChunk.FromParsed(chunk).Json.Span, CancellationToken.None);
            }

            chunks.Clear();
        }

        await SseWriter.WriteDoneAsync(pipe.Writer, CancellationToken.None);
        await pipe.Writer.CompleteAsync();
        var actual = Encoding.UTF8.GetString((await pipe.Reader.ReadAtLeastAsync(int.MaxValue)).Buffer);

        var goldenPath = Path.Combine(RepoGolden, golden);
        if (!File.Exists(goldenPath) || await File.ReadAllTextAsync(goldenPath) != actual)
        {
            await File.WriteAllTextAsync(goldenPath + ".actual", actual);
        }

        Assert.True(File.Exists(goldenPath), $"golden file missing: {goldenPath} (the output was written to .actual)");
        Assert.Equal(await File.ReadAllTextAsync(goldenPath), actual);
        Assert.EndsWith("data: [DONE]\n\n", actual, StringComparison.Ordinal);
    }

    private static string RepoGolden => Path.Combine(Infrastructure.RepoRoot.Path, "test", "Frugal.Tests", "Golden");
}
