using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Budgets;
using Frugal.Core.Budgets.Alerts;
using Frugal.Core.Configuration;
using Frugal.Core.Dispatch;
using Frugal.Core.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace Frugal.Tests.Pipeline;

/// <summary>
/// The budget reservation stage alone (with a key output cap, so no budget store is involved): its cut-off rewrites
/// the stream through the observer API, stops reading the upstream, and the ledger stage outside records the result.
/// </summary>
public sealed class StreamCutOffStageTests : IDisposable
{
    private readonly StageHarness _harness = new();

    [Fact]
    public async Task A_stream_past_the_keys_output_cap_is_cut_like_max_tokens_and_the_upstream_is_not_read_on()
    {
        _harness.Provider.Pieces = ["one", " two", " three", " four", " five", " six"];
        var guard = new BudgetGuard(new BudgetCatalog(new GatewayConfig()), new UnusedBudgetStore(), new BudgetAlertQueue(), _harness.Metrics, _harness.Clock, NullLogger<BudgetGuard>.Instance);
        var pricing = new BudgetPricing(new PriceBook(PriceCatalog.Embedded), _harness.Clock);
        var pipeline = _harness.Build(b => b.Use(inner => new BudgetReservationHandler(inner, guard, pricing)));
        var request = _harness.Request();
        request.Features.Set(new BudgetTicket([], [], inputTokens: 7, keyOutputCap: 2)); // as admission leaves it for a key capped at 2 output tokens

        var opened = await pipeline.StreamAsync(request, CancellationToken.None);
        var read = new List<ChatChunk>();
        await using (var stream = opened.Value!)
        {
            await foreach (var chunk in stream.Chunks)
            {
                read.Add(chunk);
            }
        }

        var text = string.Concat(read.SelectMany(c => c.Parsed.Choices).Select(c => c.Delta.Content));
        Assert.Equal("one two", text);
        Assert.Equal("length", read[^2].Parsed.Choices[0].FinishReason);
        Assert.Contains("the key's output cap of 2 tokens", read[^2].Parsed.Extra![StreamCutOff.NoteField].GetString(), StringComparison.Ordinal);
        Assert.Equal(2, read[^1].Parsed.Usage!.CompletionTokens);
        Assert.Equal(3, _harness.Provider.ChunksRead); // the chunk that crossed the cap was the last one read
        Assert.True(_harness.Provider.Released);
        Assert.True(request.Features.Get<OutputCapFeature>()!.Lowered);

        var entry = Assert.Single(_harness.Sink.Entries);
        Assert.Equal(200, entry.StatusCode);
        Assert.True(entry.UsageEstimated);
        Assert.Equal(new Frugal.Core.Accounting.TokenUsage(7, 0, 0, 0, 2, 0), entry.Usage);
        Assert.Equal(2, request.Features.Get<UpstreamCallFeature>()!.Usage.OutputTokens);
    }

    public void Dispose() => _harness.Dispose();
}
