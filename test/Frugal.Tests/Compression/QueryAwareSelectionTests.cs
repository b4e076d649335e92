using Frugal.Core.Compression;
using Frugal.Core.Text;

namespace Frugal.Tests.Compression;

public sealed class QueryAwareSelectionTests
{
    private static readonly O200kTokenCounter Counter = O200kTokenCounter.Instance;

    [Fact]
    public void The_passage_that_answers_the_question_survives_a_tenfold_cut_and_the_rest_keeps_its_order()
    {
        var documents = CompressionTexts.RetrievalPrompt(passages: 20, answerAt: 13);
        documents = documents[..documents.LastIndexOf("\n\nQuestion:", StringComparison.Ordinal)];
        var tokens = Counter.CountTokens(documents);

        var selected = QueryAwareSelection.Default.Select(documents, LexicalQuery.Parse(CompressionTexts.Question), tokens / 10, tokens, Counter);

        Assert.Contains(CompressionTexts.Answer, selected, StringComparison.Ordinal);
        Assert.True(Counter.CountTokens(selected) <= tokens * 110 / 1000, $"{tokens} tokens, target {tokens / 10}, kept {Counter.CountTokens(selected)}"); // about the target: lengths are scaled from characters
        var kept = selected.Split("\n\n");
        var from = 0;
        foreach (var paragraph in kept)
        {
            // Each kept paragraph starts with a verbatim sentence found after the previous one: original order.
            var at = documents.IndexOf(FirstSentence(paragraph), from, StringComparison.Ordinal);
            Assert.True(at >= from, $"'{FirstSentence(paragraph)}' out of order in: {selected}");
            from = at + 1;
        }
    }

    private static string FirstSentence(string paragraph)
    {
        var end = paragraph.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? paragraph : paragraph[..(end + 1)];
    }

    [Fact]
    public void Code_blocks_tables_and_json_are_kept_whole_or_dropped_whole()
    {
        const string code = "```\nobservatory_open(1931)\nmore code line\n```";
        const string table = "| telescope | year |\n|---|---|\n| first | 1931 |";
        const string json = "{\"telescope\": \"first\",\n \"year\": 1931}";
        var filler = string.Concat(Enumerable.Repeat("Unrelated words about gardens and rivers fill this paragraph. ", 12));
        var text = string.Join("\n\n", filler, code, filler, table, filler, json, filler);
        var tokens = Counter.CountTokens(text);

        foreach (var ratio in new[] { 2, 3, 5, 20 })
        {
            var selected = QueryAwareSelection.Default.Select(text, LexicalQuery.Parse("first telescope year observatory"), tokens / ratio, tokens);
            foreach (var atomic in new[] { code, table, json })
            {
                var firstLine = atomic[..atomic.IndexOf('\n', StringComparison.Ordinal)];
                Assert.Equal(selected.Contains(firstLine, StringComparison.Ordinal), selected.Contains(atomic, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void Kept_text_stays_however_small_the_budget()
    {
        var filler = string.Concat(Enumerable.Repeat("Unrelated words about gardens and rivers. ", 40));
        var text = filler + "<frugal:keep>Policy: always answer in French.</frugal:keep>\n\n" + filler;
        var tokens = Counter.CountTokens(text);

        var selected = QueryAwareSelection.Default.Select(text, LexicalQuery.Parse("telescope"), 5, tokens);

        Assert.Contains("Policy: always answer in French.", selected, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_within_budget_is_returned_as_it_is()
    {
        var text = "Short text. Nothing to drop.";

        Assert.Same(text, QueryAwareSelection.Default.Select(text, LexicalQuery.Parse("text"), 100, Counter.CountTokens(text)));
    }

    [Fact]
    public void Segmenter_splits_sentences_but_not_abbreviations_or_decimals()
    {
        const string text = "Dr. Smith paid 3.50 dollars. Then he left! Did he return? Yes, e.g. on Monday.";
        var units = new List<TextUnit>();

        TextSegmenter.Split(text, units);

        Assert.Equal(["Dr. Smith paid 3.50 dollars.", "Then he left!", "Did he return?", "Yes, e.g. on Monday."], units.Select(u => text.Substring(u.Start, u.Length)));
    }
}
