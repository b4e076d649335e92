using System.Text.Json;
using Frugal.Core.Compression;
using Frugal.Core.Text;
using Frugal.Protocol.OpenAI;

namespace Frugal.Tests.Compression;

public sealed class PromptCompressorTests
{
    private static readonly CompressionSettings Everything = new()
    {
        Techniques = CompressionTechniques.Lossless | CompressionTechniques.Select | CompressionTechniques.History,
        TargetRatio = 4,
        MinPromptTokens = 100,
        MinPartTokens = 200,
    };

    private readonly PromptCompressor _compressor = new(O200kTokenCounter.Instance, QueryAwareSelection.Default);

    [Fact]
    public void Selection_shrinks_the_current_turn_keeps_the_question_and_leaves_the_system_prompt_alone()
    {
        var system = "You   are   a   careful   assistant.\n\n\n\nAnswer briefly.";
        var request = Request(CompressionTexts.Message("system", system), CompressionTexts.Message("user", CompressionTexts.RetrievalPrompt()));

        var outcome = _compressor.Compress(request, Everything);

        Assert.True(outcome.TokensAfter * 3 < outcome.TokensBefore, $"{outcome.TokensBefore} -> {outcome.TokensAfter}");
        Assert.True(outcome.Applied.HasFlag(CompressionTechniques.Select));
        Assert.Same(request.Messages![0], outcome.Request.Messages![0]);
        Assert.Equal(system, outcome.Request.Messages[0].TextContent());
        var user = outcome.Request.Messages[1].TextContent();
        Assert.Contains(CompressionTexts.Answer, user, StringComparison.Ordinal);
        Assert.EndsWith("Question: " + CompressionTexts.Question, user, StringComparison.Ordinal);
        Assert.NotSame(request, outcome.Request);
        Assert.Equal(CompressionTexts.RetrievalPrompt(), request.Messages[1].TextContent()); // the client's request is not modified
    }

    [Fact]
    public void Image_and_audio_parts_are_written_back_untouched_and_tools_are_not_rewritten()
    {
        const string image = """{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=   ","detail":"high"}}""";
        const string audio = """{"type":"input_audio","input_audio":{"data":"UklGRg==","format":"wav"}}""";
        var parts = $$"""[{"type":"text","text":{{JsonSerializer.Serialize(CompressionTexts.RetrievalPrompt())}}},{{image}},{{audio}}]""";
        var user = new ChatMessage { Role = "user", Content = JsonDocument.Parse(parts).RootElement.Clone() };
        var tools = new List<ChatTool> { new() { Type = "function", Function = new FunctionDefinition { Name = "lookup", Description = "Looks   things   up." } } };
        var request = Request(user);
        request.Tools = tools;

        var outcome = _compressor.Compress(request, Everything);

        var content = outcome.Request.Messages![0].Content!.Value;
        Assert.Equal(JsonValueKind.Array, content.ValueKind);
        Assert.Equal(image, content[1].GetRawText());
        Assert.Equal(audio, content[2].GetRawText());
        Assert.True(content[0].GetProperty("text").GetString()!.Length < CompressionTexts.RetrievalPrompt().Length / 2);
        Assert.Same(tools, outcome.Request.Tools);
    }

    [Fact]
    public void A_technique_that_throws_leaves_its_message_as_it_was_and_is_reported()
    {
        var request = Request(CompressionTexts.Message("user", CompressionTexts.RetrievalPrompt()));
        var failing = new PromptCompressor(new ThrowingCounter(), QueryAwareSelection.Default);

        var outcome = failing.Compress(request, Everything with { Techniques = CompressionTechniques.Select });

        Assert.Equal(CompressionTechniques.Select, outcome.Failed);
        Assert.Equal(CompressionTechniques.None, outcome.Applied);
        Assert.Same(request, outcome.Request);
    }

    [Fact]
    public void Earlier_turns_are_not_selected_against_the_new_question()
    {
        var history = CompressionTexts.RetrievalPrompt();
        var request = Request(
            CompressionTexts.Message("user", history),
            CompressionTexts.Message("assistant", "1931."),
            CompressionTexts.Message("user", "Thanks. And who ground the mirror?"));

        var outcome = _compressor.Compress(request, Everything with { Techniques = CompressionTechniques.Select });

        Assert.Equal(history, outcome.Request.Messages![0].TextContent());
        Assert.Equal(CompressionTechniques.None, outcome.Applied);
    }

    [Fact]
    public void Markers_choose_what_may_be_compressed_and_are_removed_even_when_compression_is_off()
    {
        var documents = CompressionTexts.RetrievalPrompt();
        documents = documents[..documents.LastIndexOf("\n\nQuestion:", StringComparison.Ordinal)];
        var marked = $"Question first: {CompressionTexts.Question}\n\n<frugal:compress>{documents}</frugal:compress>\n\nAnswer in one line.";
        var request = Request(CompressionTexts.Message("user", marked));

        var compressed = _compressor.Compress(request, Everything with { Techniques = CompressionTechniques.Select }).Request.Messages![0].TextContent();
        var off = _compressor.Compress(request, new CompressionSettings { Techniques = CompressionTechniques.None }).Request.Messages![0].TextContent();

        Assert.StartsWith("Question first: " + CompressionTexts.Question, compressed, StringComparison.Ordinal);
        Assert.EndsWith("Answer in one line.", compressed, StringComparison.Ordinal);
        Assert.Contains(CompressionTexts.Answer, compressed, StringComparison.Ordinal);
        Assert.True(compressed.Length < marked.Length / 2);
        Assert.DoesNotContain("frugal:", compressed, StringComparison.Ordinal);
        Assert.Equal(marked.Replace("<frugal:compress>", "", StringComparison.Ordinal).Replace("</frugal:compress>", "", StringComparison.Ordinal), off);
    }

    [Fact]
    public void A_small_prompt_is_not_counted_or_changed()
    {
        var request = Request(CompressionTexts.Message("user", "Hi   there."));

        var outcome = _compressor.Compress(request, Everything with { MinPromptTokens = 1000 });

        Assert.False(outcome.Counted);
        Assert.Same(request, outcome.Request);
    }

    private static ChatCompletionRequest Request(params ChatMessage[] messages) => new() { Model = "gpt-4o-mini", Messages = [.. messages] };

    /// <summary>Counts like o200k, but throws on the documents without their question (what selection counts), never on whole messages.</summary>
    private sealed class ThrowingCounter : ITokenCounter
    {
        public int CountTokens(ReadOnlySpan<char> text)
            => text.StartsWith("Document") && !text.Contains("Question:", StringComparison.Ordinal)
                ? throw new InvalidOperationException("scorer broke")
                : O200kTokenCounter.Instance.CountTokens(text);
    }
}
