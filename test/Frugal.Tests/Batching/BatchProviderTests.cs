using System.Text.Json;
using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Batching;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Tests.Batching;

/// <summary>The provider-batch path, against an in-process provider batch API (<see cref="ScriptedBatchProvider"/>).</summary>
public sealed class BatchProviderTests
{
    private static Task<TestGateway> StartAsync(ScriptedBatchProvider provider, string extraJson = BatchTesting.FastBatches, string? dataDir = null)
        => TestGateway.StartAsync(authMode: "keys", extraJson: extraJson, dataDir: dataDir,
            configureServices: services => services.AddSingleton<IProviderBatchRegistry>(provider));

    [Fact]
    public async Task A_thousand_line_batch_is_billed_at_the_batch_price_with_the_saving_even_when_the_provider_was_down_while_polling()
    {
        var provider = new ScriptedBatchProvider { PollsToEnd = 3 };
        provider.GoDown(polls: 4);
        await using var gateway = await StartAsync(provider);
        var key = await BatchTesting.KeyAsync(gateway, "provider");

        var id = await BatchTesting.SubmitAsync(gateway, key, BatchTesting.ChatLines(1000));
        var done = await BatchTesting.WaitForStatusAsync(gateway, key, id, "completed");

        Assert.Equal(1, provider.Created);
        Assert.Equal("gpt-4o-mini", provider.Requests[0].UpstreamModel);
        Assert.Equal(1000, provider.Requests[0].Lines.Count);
        Assert.True(provider.Polls >= 7, $"{provider.Polls} polls: the outage should have been polled through");
        Assert.Equal(1000, done.Count("completed"));
        Assert.Equal("provider_batch", done.GetProperty("metadata").GetProperty("frugal_execution").GetString());

        var price = PriceBook.Create(gateway.Config.Prices);
        Assert.True(price.TryFind("gpt-4o-mini", DateTimeOffset.UtcNow, out var model));
        var usage = new TokenUsage(ScriptedBatchProvider.PromptTokens, ScriptedBatchProvider.CachedTokens, 0, 0, ScriptedBatchProvider.CompletionTokens, ScriptedBatchProvider.ReasoningTokens);
        var batchCost = CostCalculator.Compute(model!, usage, batch: true).TotalUsd;
        var normalCost = CostCalculator.Compute(model!, usage).TotalUsd;
        Assert.Equal(normalCost / 2, batchCost);
        var rows = await LedgerRows.ReadAsync(gateway.DataDir, $"batch_id = '{id}'");
        Assert.Equal(1000, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(1L, r.Long("batched"));
            Assert.Equal(ScriptedBatchProvider.CachedTokens, r.Long("cached_input_tokens"));
            Assert.Equal(ScriptedBatchProvider.ReasoningTokens, r.Long("reasoning_tokens"));
            Assert.Equal(batchCost, r.Usd("cost_nusd"));
            Assert.Equal(normalCost - batchCost, r.Usd("saved_batch_nusd"));
        });
    }

    [Fact]
    public async Task Retryable_lines_go_into_a_new_provider_batch_and_the_output_holds_every_line_once()
    {
        var failing = Enumerable.Range(0, 10).Select(i => $"req-{i * 7}").ToHashSet();
        var provider = new ScriptedBatchProvider { RetryableInFirstBatch = failing };
        await using var gateway = await StartAsync(provider);
        var key = await BatchTesting.KeyAsync(gateway, "retry");

        var id = await BatchTesting.SubmitAsync(gateway, key, BatchTesting.ChatLines(100));
        var done = await BatchTesting.WaitForStatusAsync(gateway, key, id, "completed");

        Assert.Equal(2, provider.Created);
        Assert.Equal(failing.Order(), provider.Requests[1].Lines.Select(l => l.CustomId).Order());
        Assert.Equal(100, done.Count("completed"));
        var output = await BatchTesting.FileLinesAsync(gateway, key, done.Id("output_file_id"));
        Assert.Equal(100, output.Count);
        Assert.Equal(100, output.Select(l => l.GetProperty("custom_id").GetString()).Distinct().Count());
        Assert.Equal(100, (await LedgerRows.ReadAsync(gateway.DataDir, $"batch_id = '{id}'")).Count);
    }

    [Fact]
    public async Task With_retry_none_a_retryable_line_goes_to_the_error_file_with_the_providers_answer()
    {
        var provider = new ScriptedBatchProvider { RetryableInFirstBatch = new HashSet<string> { "req-3" } };
        await using var gateway = await StartAsync(provider, """, "batches": { "tickMilliseconds": 20, "pollSeconds": 0.05, "retry": "none" }""");
        var key = await BatchTesting.KeyAsync(gateway, "no-retry");

        var id = await BatchTesting.SubmitAsync(gateway, key, BatchTesting.ChatLines(10));
        var done = await BatchTesting.WaitForStatusAsync(gateway, key, id, "completed");

        Assert.Equal(1, provider.Created);
        Assert.Equal(9, done.Count("completed"));
        Assert.Equal(1, done.Count("failed"));
        var errors = await BatchTesting.FileLinesAsync(gateway, key, done.Id("error_file_id"));
        var line = Assert.Single(errors);
        Assert.Equal("req-3", line.GetProperty("custom_id").GetString());
        Assert.Equal(503, line.GetProperty("response").GetProperty("status_code").GetInt32());
    }

    [Fact]
    public async Task Cancelling_cancels_the_provider_batch_and_ends_the_unfinished_lines_as_cancelled()
    {
        var provider = new ScriptedBatchProvider { HoldUntilCancelled = true, FinishedBeforeCancel = 30 };
        await using var gateway = await StartAsync(provider);
        var key = await BatchTesting.KeyAsync(gateway, "cancel");
        var id = await BatchTesting.SubmitAsync(gateway, key, BatchTesting.ChatLines(100));
        await Eventually.UntilAsync(() => provider.Created == 1 && provider.Polls > 0);

        await BatchTesting.JsonAsync(await BatchTesting.SendAsync(gateway, HttpMethod.Post, $"/v1/batches/{id}/cancel", key));
        var done = await BatchTesting.WaitForStatusAsync(gateway, key, id, "cancelled");

        Assert.Equal(30, done.Count("completed"));
        Assert.Equal(70, done.Count("failed"));
        var errors = await BatchTesting.FileLinesAsync(gateway, key, done.Id("error_file_id"));
        Assert.Equal(70, errors.Count);
        Assert.All(errors, l => Assert.Equal(JsonValueKind.Null, l.GetProperty("response").ValueKind));
        var rows = await LedgerRows.ReadAsync(gateway.DataDir, $"batch_id = '{id}'");
        Assert.Equal(100, rows.Count);
        Assert.Equal(70, rows.Count(r => r.Usd("cost_nusd") == 0m)); // lines that never ran cost nothing
    }

    /// <summary>The first gateway creates the provider batch and stops; the second resumes polling it (no second batch) and bills every line once.</summary>
    [Fact]
    public async Task A_restart_resumes_polling_the_same_provider_batch_and_bills_every_line_once()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "frugal-tests", Guid.NewGuid().ToString("N")).Replace("\\", "/", StringComparison.Ordinal);
        var provider = new ScriptedBatchProvider { PollsToEnd = int.MaxValue };
        string key, id;
        await using (var first = await StartAsync(provider, dataDir: dataDir))
        {
            key = await BatchTesting.KeyAsync(first, "restart");
            id = await BatchTesting.SubmitAsync(first, key, BatchTesting.ChatLines(200));
            await Eventually.UntilAsync(() => provider.Created == 1 && provider.Polls > 1);
        }

        provider.PollsToEnd = 0;
        await using var second = await StartAsync(provider, dataDir: dataDir);
        var done = await BatchTesting.WaitForStatusAsync(second, key, id, "completed");

        Assert.Equal(1, provider.Created);
        Assert.Equal(200, done.Count("completed"));
        var rows = await LedgerRows.ReadAsync(dataDir, $"batch_id = '{id}'");
        Assert.Equal(200, rows.Count);
        Assert.Equal(200, rows.Select(r => r.Text("custom_id")).Distinct().Count());
    }
}
