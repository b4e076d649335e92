using System.Text.Json;
using Frugal.Core.Compression;

namespace Frugal.Tests.Compression;

public sealed class LosslessCompactionTests
{
    [Fact]
    public void Runs_of_spaces_trailing_blanks_and_blank_lines_collapse_but_indentation_stays()
    {
        var text = "Dear   team,\t\tplease  read.   \n\n\n\n  - item   one\n    - nested    item\nend";

        var compacted = LosslessCompaction.Compact(text);

        Assert.Equal("Dear team, please read.\n\n  - item one\n    - nested item\nend", compacted);
    }

    [Fact]
    public void Fenced_code_and_preformatted_text_are_copied_byte_for_byte()
    {
        const string code = "```python\ndef f(x):\n    return  x   *  2   \n\n\n\nprint( f(1) )\n```";
        const string pre = "<pre>\ncol1    col2\n a      b   \n</pre>";
        var text = "Look  at   this:\n" + code + "\nand   this:\n" + pre + "\nthe   end";

        var compacted = LosslessCompaction.Compact(text);

        Assert.Contains(code, compacted, StringComparison.Ordinal);
        Assert.Contains(pre, compacted, StringComparison.Ordinal);
        Assert.StartsWith("Look at this:\n", compacted, StringComparison.Ordinal);
        Assert.EndsWith("\nand this:\n" + pre + "\nthe end", compacted, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_text_is_minified_with_every_value_unchanged()
    {
        const string json = """
            {
              "name":   "two  spaces  inside",
              "price":  1.50,
              "big":    12345678901234567890,
              "unicode": "caf\u00e9 \u2603 <tag>",
              "nested": [ 1, 2, { "deep": null, "flag": true } ],
              "name":   "duplicate key kept"
            }
            """;

        var compacted = LosslessCompaction.Compact(json);

        Assert.Equal("""{"name":"two  spaces  inside","price":1.50,"big":12345678901234567890,"unicode":"café ☃ <tag>","nested":[1,2,{"deep":null,"flag":true}],"name":"duplicate key kept"}""", compacted);
        using var before = JsonDocument.Parse(json);
        using var after = JsonDocument.Parse(compacted);
        Assert.True(JsonElement.DeepEquals(before.RootElement, after.RootElement));
    }

    [Fact]
    public void Text_that_only_looks_like_json_goes_through_the_line_rules()
    {
        Assert.Equal("{not json} at all", LosslessCompaction.Compact("{not   json}   at all"));
        Assert.Equal("[1, 2", LosslessCompaction.Compact("[1,   2"));
    }

    [Fact]
    public void Kept_text_is_untouched_and_compaction_is_idempotent()
    {
        var text = "a   b <frugal:keep>x    y\n\n\n\nz</frugal:keep> c    d";

        var once = LosslessCompaction.Compact(text);

        Assert.Equal("a b <frugal:keep>x    y\n\n\n\nz</frugal:keep> c d", once);
        Assert.Equal(once, LosslessCompaction.Compact(once));
    }

    [Fact]
    public void A_text_with_nothing_to_compact_is_returned_as_the_same_instance()
    {
        var text = "Already tight.\n\nTwo paragraphs.";

        Assert.Same(text, LosslessCompaction.Compact(text));
    }

    [Fact]
    public void Duplicate_paragraphs_across_messages_are_dropped_and_an_all_duplicate_text_says_so()
    {
        var document = string.Concat(Enumerable.Repeat("The same tool output line that is long enough to count. ", 6));
        var duplicates = new DuplicateBlocks();

        var first = duplicates.Drop(document + "\n\nFirst note.");
        var second = duplicates.Drop("Second note.\n\n" + document + "\n\nAfter it.");
        var third = duplicates.Drop(document);

        Assert.Equal(document + "\n\nFirst note.", first);
        Assert.Equal("Second note.\n\nAfter it.", second);
        Assert.Equal(DuplicateBlocks.Omitted, third);
        Assert.Equal("Short.\n\nShort.", new DuplicateBlocks().Drop("Short.\n\nShort."));
    }
}
