using System.Diagnostics;
using System.Text;
using Frugal.Core.Batching;
using Xunit.Abstractions;

namespace Frugal.Tests.Batching;

public sealed class BatchFileValidatorTests
{
    private const string Corruptions = "{}\",:\n x\\";

    private static async Task<BatchFileSummary> ValidateAsync(string text, BatchesConfig? limits = null)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(text));
        using var copy = new MemoryStream();
        var summary = await BatchFileValidator.CopyAndValidateAsync(input, copy, limits ?? new BatchesConfig(), CancellationToken.None);
        Assert.Equal(input.ToArray().Length > (limits ?? new BatchesConfig()).MaxFileBytes ? copy.Length : input.Length, copy.Length);
        return summary;
    }

    [Fact]
    public async Task A_valid_file_gives_its_lines_endpoint_and_model()
    {
        var summary = await ValidateAsync(BatchTesting.ChatLines(3) + "\n");

        Assert.False(summary.Problems.Any);
        Assert.Equal(3, summary.Lines);
        Assert.Equal("/v1/chat/completions", summary.Endpoint);
        Assert.Equal("gpt-4o-mini", summary.Model);
    }

    [Fact]
    public async Task Every_bad_line_is_named_with_its_number()
    {
        var text = string.Join('\n',
            """{"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[]}}""",
            """{"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[]}}""",
            """{"custom_id":"b", "method":"POST",""",
            """{"method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini"}}""",
            """{"custom_id":"c","method":"GET","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini"}}""",
            """{"custom_id":"d","method":"POST","url":"/v1/embeddings","body":{"model":"gpt-4o-mini"}}""",
            """{"custom_id":"e","method":"POST","url":"/v1/chat/completions","body":{"model":"claude-sonnet-4"}}""",
            """{"custom_id":"f","method":"POST","url":"/v1/completions","body":{"model":"gpt-4o-mini"}}""",
            """{"custom_id":"g","method":"POST","url":"/v1/chat/completions","body":"not an object"}""",
            """[1,2,3]""");

        var summary = await ValidateAsync(text);
        var message = summary.Problems.Message("bad");

        Assert.Contains("line 2: duplicate custom_id \"a\"", message, StringComparison.Ordinal);
        Assert.Contains("line 3: invalid JSON", message, StringComparison.Ordinal);
        Assert.Contains("line 4: missing custom_id", message, StringComparison.Ordinal);
        Assert.Contains("line 5: method \"GET\" (must be \"POST\")", message, StringComparison.Ordinal);
        Assert.Contains("line 6: url \"/v1/embeddings\" differs from line 1's \"/v1/chat/completions\"", message, StringComparison.Ordinal);
        Assert.Contains("line 7: model \"claude-sonnet-4\" differs from line 1's \"gpt-4o-mini\"", message, StringComparison.Ordinal);
        Assert.Contains("line 8: url \"/v1/completions\" is not /v1/chat/completions or /v1/embeddings", message, StringComparison.Ordinal);
        Assert.Contains("line 9: body must be a JSON object", message, StringComparison.Ordinal);
        Assert.Contains("line 10: is not a JSON object", message, StringComparison.Ordinal);
        Assert.DoesNotContain("line 1:", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_is_capped_and_counts_the_rest()
    {
        var text = string.Concat(Enumerable.Range(0, 250).Select(_ => "{not json\n"));

        var summary = await ValidateAsync(text);
        var message = summary.Problems.Message("bad");

        Assert.Equal(250, summary.Problems.Count);
        Assert.Contains("line 100: invalid JSON", message, StringComparison.Ordinal);
        Assert.DoesNotContain("line 101:", message, StringComparison.Ordinal);
        Assert.EndsWith("; and 150 more", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Line_and_byte_limits_come_from_the_batches_section()
    {
        var lines = await ValidateAsync(BatchTesting.ChatLines(5), new BatchesConfig { MaxLines = 3 });
        Assert.Contains("line 4: the file has more than 3 request lines (batches.maxLines)", lines.Problems.Message("bad"), StringComparison.Ordinal);

        var bytes = await ValidateAsync(BatchTesting.ChatLines(5), new BatchesConfig { MaxFileBytes = 100 });
        Assert.Contains("the file is larger than 100 bytes (batches.maxFileBytes)", bytes.Problems.Message("bad"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_from_the_file_is_quoted_as_json_and_cut_short()
    {
        var id = "x\"<script>" + new string('y', 200);
        var line = $$$"""{"custom_id":{{{System.Text.Json.JsonSerializer.Serialize(id)}}},"method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini"}}""";

        var message = (await ValidateAsync(line + "\n" + line)).Problems.Message("bad");

        Assert.Contains("line 2: duplicate custom_id \"x\\\"<script>yyy", message, StringComparison.Ordinal);
        Assert.True(message.Length < 200, message);
    }

    /// <summary>Deterministic corruptions of a valid file: the validator never throws, and a refused file names at least one line.</summary>
    [Fact]
    public async Task Fuzzed_files_are_refused_naming_lines_never_with_an_exception()
    {
        var valid = Encoding.UTF8.GetBytes(BatchTesting.ChatLines(20));
        var random = new Random(15);
        var refused = 0;
        for (var round = 0; round < 200; round++)
        {
            var bytes = (byte[])valid.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = (byte)Corruptions[random.Next(Corruptions.Length)];
            }

            var summary = await ValidateAsync(Encoding.UTF8.GetString(bytes));
            if (summary.Problems.Any)
            {
                refused++;
                Assert.All(summary.Problems.Shown, p => Assert.Matches("^(line [0-9]+: |the file )", p));
            }
        }

        Assert.True(refused > 150, $"only {refused} of 200 corrupted files were refused");
    }
}
