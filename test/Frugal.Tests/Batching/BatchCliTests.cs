using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Batching;

/// <summary><c>frugal batch</c> against a running gateway, and <c>frugal report --by endpoint</c> showing the batch rows.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class BatchCliTests
{
    [Fact]
    public async Task Submit_wait_list_status_results_and_cancel_through_the_cli()
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", extraJson: BatchTesting.FastBatches);
        var key = await BatchTesting.KeyAsync(gateway, "cli");
        var directory = Path.Combine(gateway.DataDir, "cli");
        Directory.CreateDirectory(directory);
        var input = Path.Combine(directory, "questions.jsonl");
        await File.WriteAllTextAsync(input, BatchTesting.ChatLines(25));
        var url = gateway.BaseUri.AbsoluteUri.TrimEnd('/');

        var submit = await CliRunner.RunAsync("batch", "submit", input, "--wait", "--url", url, "--key", key);
        Assert.True(submit.ExitCode == 0, submit.Error);
        var id = submit.Out.Split('\n')[0].Trim();
        Assert.StartsWith("batch_", id, StringComparison.Ordinal);
        Assert.Contains("status:    completed", submit.Out, StringComparison.Ordinal);
        Assert.Contains("25/25 completed", submit.Error, StringComparison.Ordinal); // the progress bar (redirected: one line per change)

        var list = await CliRunner.RunAsync("batch", "list", "--url", url, "--key", key);
        Assert.Contains(id, list.Out, StringComparison.Ordinal);
        var status = await CliRunner.RunAsync("batch", "status", id, "--url", url, "--key", key);
        Assert.Contains("requests:  25 completed, 0 failed, 25 total", status.Out, StringComparison.Ordinal);
        Assert.Contains("execution: synchronous", status.Out, StringComparison.Ordinal);

        var output = Path.Combine(directory, "results.jsonl");
        var results = await CliRunner.RunAsync("batch", "results", id, "--output", output, "--url", url, "--key", key);
        Assert.Equal(0, results.ExitCode);
        Assert.Equal(25, (await File.ReadAllLinesAsync(output)).Length);

        var cancel = await CliRunner.RunAsync("batch", "cancel", id, "--url", url, "--key", key);
        Assert.NotEqual(0, cancel.ExitCode);
        Assert.Contains("409", cancel.Error, StringComparison.Ordinal);
        var config = Path.Combine(directory, "frugal.json");
        await File.WriteAllTextAsync(config, $$"""{ "dataDir": "{{gateway.DataDir.Replace("\\", "/", StringComparison.Ordinal)}}" }""");
        var report = await CliRunner.RunAsync("report", "--by", "endpoint", "--format", "csv", "--config", config);
        Assert.True(report.ExitCode == 0, report.Error);
        Assert.Contains("batch", report.Out, StringComparison.Ordinal);

        var wrongKey = await CliRunner.RunAsync("batch", "status", id, "--url", url, "--key", "fk-wrong");
        Assert.NotEqual(0, wrongKey.ExitCode);
    }
}
