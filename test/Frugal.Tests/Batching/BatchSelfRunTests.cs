using System.ClientModel;
using System.Text;
using System.Text.Json;
using Frugal.Core.Accounting.Pricing;
using Frugal.Tests.Infrastructure;
using OpenAI.Files;

namespace Frugal.Tests.Batching;

/// <summary>Providers without a batch API: the gateway runs the lines itself through MockUpstream, at the normal price.</summary>
public sealed class BatchSelfRunTests
{
    [Fact]
    public async Task A_thousand_line_batch_through_the_sdk_runs_every_line_once_at_the_normal_price()
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", extraJson: BatchTesting.FastBatches);
        var key = await BatchTesting.KeyAsync(gateway, "nightly");
        var client = gateway.OpenAIClient(key);
        var files = client.GetOpenAIFileClient();
        OpenAIFile uploaded;
        using (var stream = new MemoryStream(Encoding.UTF8.GetBytes(BatchTesting.ChatLines(1000))))
        {
            uploaded = await files.UploadFileAsync(stream, "nightly.jsonl", FileUploadPurpose.Batch);
        }

        Assert.StartsWith("file-", uploaded.Id, StringComparison.Ordinal);
#pragma warning disable OPENAI001 // the SDK marks its batch client experimental; it is what clients of this API use
        var batches = client.GetBatchClient();
#pragma warning restore OPENAI001
        var operation = await batches.CreateBatchAsync(BinaryContent.Create(BinaryData.FromString(
            $$$"""{"input_file_id":"{{{uploaded.Id}}}","endpoint":"/v1/chat/completions","completion_window":"24h","metadata":{"job":"nightly"}}""")), waitUntilCompleted: false);
        var id = operation.BatchId;

        var done = await BatchTesting.WaitForStatusAsync(gateway, key, id, "completed");
        var sdkView = JsonDocument.Parse((await operation.GetBatchAsync(null)).GetRawResponse().Content.ToString()).RootElement;

        Assert.Equal("completed", sdkView.GetProperty("status").GetString());
        Assert.Equal(1000, done.Count("total"));
        Assert.Equal(1000, done.Count("completed"));
        Assert.Equal(0, done.Count("failed"));
        Assert.Equal("nightly", done.GetProperty("metadata").GetProperty("job").GetString());
        Assert.Equal("synchronous", done.GetProperty("metadata").GetProperty("frugal_execution").GetString());
        Assert.Null(done.Id("error_file_id"));
        var downloaded = (await files.DownloadFileAsync(done.Id("output_file_id"))).Value.ToString();
        var lines = downloaded.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(1000, lines.Count);
        Assert.Equal(1000, lines.Select(l => l.GetProperty("custom_id").GetString()).Distinct().Count());
        Assert.All(lines, l =>
        {
            Assert.Equal(200, l.GetProperty("response").GetProperty("status_code").GetInt32());
            Assert.Equal("chat.completion", l.GetProperty("response").GetProperty("body").GetProperty("object").GetString());
            Assert.Equal(JsonValueKind.Null, l.GetProperty("error").ValueKind);
        });

        var rows = await LedgerRows.ReadAsync(gateway.DataDir, $"batch_id = '{id}'");
        Assert.Equal(1000, rows.Count);
        Assert.Equal(1000, rows.Select(r => r.Text("custom_id")).Distinct().Count());
        var price = PriceBook.Create(gateway.Config.Prices);
        Assert.True(price.TryFind("gpt-4o-mini", DateTimeOffset.UtcNow, out var model));
        Assert.All(rows, r =>
        {
            Assert.Equal("batch", r.Text("endpoint"));
            Assert.Equal(0L, r.Long("batched"));
            Assert.Equal(0L, r.Long("saved_batch_nusd"));
            var usage = new Frugal.Core.Accounting.TokenUsage(r.Long("input_tokens"), r.Long("cached_input_tokens"), 0, 0, r.Long("output_tokens"), r.Long("reasoning_tokens"));
            Assert.Equal(CostCalculator.Compute(model!, usage).TotalUsd, r.Usd("cost_nusd")!.Value, 9);
        });
    }

    [Fact]
    public async Task An_embeddings_batch_runs_itself_too()
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", extraJson: BatchTesting.FastBatches, extraProviders: "");
        var key = await BatchTesting.KeyAsync(gateway, "embed");
        var text = string.Concat(Enumerable.Range(0, 5).Select(i =>
            $$$"""{"custom_id":"e-{{{i}}}","method":"POST","url":"/v1/embeddings","body":{"model":"gpt-4o-mini","input":"text {{{i}}}"}}""" + "\n"));

        var id = await BatchTesting.SubmitAsync(gateway, key, text, "/v1/embeddings");
        var done = await BatchTesting.WaitForStatusAsync(gateway, key, id, "completed");

        Assert.Equal(5, done.Count("completed"));
        var lines = await BatchTesting.FileLinesAsync(gateway, key, done.Id("output_file_id"));
        Assert.All(lines, l => Assert.Equal("list", l.GetProperty("response").GetProperty("body").GetProperty("object").GetString()));
    }

    [Fact]
    public async Task Cancelling_a_self_run_batch_ends_the_lines_not_run_as_cancelled_error_lines()
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys",
            extraJson: """, "batches": { "tickMilliseconds": 20, "concurrency": 2 }""", mockOptions: new Frugal.MockUpstream.MockUpstreamOptions { LatencyMs = 100 });
        var key = await BatchTesting.KeyAsync(gateway, "cancel");
        var id = await BatchTesting.SubmitAsync(gateway, key, BatchTesting.ChatLines(300));
        await Eventually.UntilAsync(() => BatchTesting.GetBatchAsync(gateway, key, id), b => b.Count("completed") > 0, TimeSpan.FromSeconds(20));

        var cancelling = await BatchTesting.JsonAsync(await BatchTesting.SendAsync(gateway, HttpMethod.Post, $"/v1/batches/{id}/cancel", key));
        Assert.True(cancelling.GetProperty("status").GetString() is "cancelling" or "cancelled");
        var done = await BatchTesting.WaitForStatusAsync(gateway, key, id, "cancelled");

        Assert.Equal(300, done.Count("completed") + done.Count("failed"));
        Assert.True(done.Count("failed") > 200, $"{done.Count("failed")} lines cancelled");
        Assert.NotEqual(JsonValueKind.Null, done.GetProperty("cancelled_at").ValueKind);
        var output = await BatchTesting.FileLinesAsync(gateway, key, done.Id("output_file_id"));
        var errors = await BatchTesting.FileLinesAsync(gateway, key, done.Id("error_file_id"));
        Assert.Equal(300, output.Concat(errors).Select(l => l.GetProperty("custom_id").GetString()).Distinct().Count());
        Assert.All(errors, l => Assert.Equal("batch_cancelled", l.GetProperty("error").GetProperty("code").GetString()));
        var again = await BatchTesting.JsonAsync(await BatchTesting.SendAsync(gateway, HttpMethod.Post, $"/v1/batches/{id}/cancel", key));
        Assert.Equal("cancelled", again.GetProperty("status").GetString()); // cancelling twice is harmless
    }

    /// <summary>Two gateways over one data directory: the first stops mid-batch, the second resumes from batches.db; the ledger bills every line once.</summary>
    [Fact]
    public async Task A_restart_mid_batch_resumes_and_bills_every_line_once()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "frugal-tests", Guid.NewGuid().ToString("N")).Replace("\\", "/", StringComparison.Ordinal);
        const string batches = """, "batches": { "tickMilliseconds": 20, "concurrency": 4 }""";
        var mock = new Frugal.MockUpstream.MockUpstreamOptions { LatencyMs = 20 };
        string key, id;
        int before;
        await using (var first = await TestGateway.StartAsync(authMode: "keys", extraJson: batches, dataDir: dataDir, mockOptions: mock))
        {
            key = await BatchTesting.KeyAsync(first, "restart");
            id = await BatchTesting.SubmitAsync(first, key, BatchTesting.ChatLines(400));
            before = (await Eventually.UntilAsync(() => BatchTesting.GetBatchAsync(first, key, id), b => b.Count("completed") >= 40, TimeSpan.FromSeconds(30))).Count("completed");
        }

        await using var second = await TestGateway.StartAsync(authMode: "keys", extraJson: batches, dataDir: dataDir, mockOptions: mock);
        var done = await BatchTesting.WaitForStatusAsync(second, key, id, "completed");

        Assert.True(before < 400, "the first gateway finished the batch before it was stopped");
        Assert.Equal(400, done.Count("completed"));
        var rows = await LedgerRows.ReadAsync(dataDir, $"batch_id = '{id}'");
        Assert.Equal(400, rows.Count);
        Assert.Equal(400, rows.Select(r => r.Text("custom_id")).Distinct().Count());
        var output = await BatchTesting.FileLinesAsync(second, key, done.Id("output_file_id"));
        Assert.Equal(400, output.Select(l => l.GetProperty("custom_id").GetString()).Distinct().Count());
        Assert.Equal(400, output.Count);
    }
}
