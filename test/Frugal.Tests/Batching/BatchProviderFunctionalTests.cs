using System.ClientModel;
using System.Text;
using System.Text.Json;
using Frugal.Core.Accounting.Pricing;
using Frugal.MockUpstream;
using Frugal.Tests.Infrastructure;
using OpenAI.Files;

namespace Frugal.Tests.Batching;

/// <summary>
/// The whole path for both provider kinds, with nothing in-process standing in: the official SDK's file and batch
/// clients → Frugal's Files + Batches API → the real provider batch client (OpenAI Files + Batches, Anthropic Message
/// Batches) → MockUpstream's batch API. Every line is answered, billed once at the catalog's batch price with a
/// <c>batch</c> saving.
/// </summary>
public sealed class BatchProviderFunctionalTests
{
    [Theory]
    [InlineData("gpt-4o-mini", "gpt-4o-mini")] // provider "mock", kind openai (on 127.0.0.1 it needs "batch": true)
    [InlineData("claude-sonnet-4", "claude-sonnet-4-20250514")] // provider "mock-anthropic", kind anthropic
    public async Task A_thousand_line_batch_runs_on_the_providers_batch_api_at_the_batch_price(string model, string catalogModel)
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", extraJson: BatchTesting.FastBatches,
            providerExtras: ", \"batch\": true", mockOptions: new MockUpstreamOptions { BatchDelayMs = 200 });
        var key = await BatchTesting.KeyAsync(gateway, "nightly");
        var client = gateway.OpenAIClient(key);
        var files = client.GetOpenAIFileClient();
        OpenAIFile uploaded;
        using (var stream = new MemoryStream(Encoding.UTF8.GetBytes(BatchTesting.ChatLines(1000, model))))
        {
            uploaded = await files.UploadFileAsync(stream, "nightly.jsonl", FileUploadPurpose.Batch);
        }

#pragma warning disable OPENAI001 // the SDK marks its batch client experimental; it is what clients of this API use
        var batches = client.GetBatchClient();
#pragma warning restore OPENAI001
        var operation = await batches.CreateBatchAsync(BinaryContent.Create(BinaryData.FromString(
            $$$"""{"input_file_id":"{{{uploaded.Id}}}","endpoint":"/v1/chat/completions","completion_window":"24h"}""")), waitUntilCompleted: false);
        var id = operation.BatchId;

        var done = await BatchTesting.WaitForStatusAsync(gateway, key, id, "completed");

        Assert.Equal("provider_batch", done.GetProperty("metadata").GetProperty("frugal_execution").GetString());
        Assert.Equal(1000, done.Count("completed"));
        Assert.Equal(0, done.Count("failed"));
        var output = (await files.DownloadFileAsync(done.Id("output_file_id"))).Value.ToString()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(1000, output.Select(l => l.GetProperty("custom_id").GetString()).Distinct().Count());
        Assert.All(output, l => Assert.Equal("chat.completion", l.GetProperty("response").GetProperty("body").GetProperty("object").GetString()));

        var rows = await LedgerRows.ReadAsync(gateway.DataDir, $"batch_id = '{id}'");
        Assert.Equal(1000, rows.Select(r => r.Text("custom_id")).Distinct().Count());
        Assert.Equal(1000, rows.Count);
        Assert.True(PriceBook.Create(gateway.Config.Prices).TryFind(catalogModel, DateTimeOffset.UtcNow, out var price));
        Assert.True(price!.BatchDiscount > 0, $"{catalogModel} has a batch discount in the catalog");
        Assert.All(rows, r =>
        {
            Assert.Equal(1L, r.Long("batched"));
            var usage = new Frugal.Core.Accounting.TokenUsage(r.Long("input_tokens"), r.Long("cached_input_tokens"), 0, 0, r.Long("output_tokens"), r.Long("reasoning_tokens"));
            var batchPrice = CostCalculator.Compute(price, usage, batch: true).TotalUsd;
            var syncPrice = CostCalculator.Compute(price, usage).TotalUsd;
            Assert.Equal(batchPrice, r.Usd("cost_nusd")!.Value, 9);
            Assert.Equal(syncPrice - batchPrice, r.Usd("saved_batch_nusd")!.Value, 9);
        });
    }
}
