using Frugal.Core.Accounting;
using Frugal.Core.Caching;
using Frugal.Core.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace Frugal.Tests.Pipeline;

/// <summary>The exact cache stage alone (the caching template with single-flight) over a gated fake upstream.</summary>
public sealed class ExactCacheStageTests : IDisposable
{
    private readonly StageHarness _harness = new();
    private readonly CacheCounters _counters = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Identical_concurrent_misses_make_one_upstream_call_and_the_waiters_get_the_leaders_answer(bool stream)
    {
        var pipeline = Pipeline();
        _harness.Provider.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var calls = Enumerable.Range(0, 3).Select(_ => Task.Run(() => CallAsync(pipeline, stream))).ToArray();
        await UntilAsync(() => _counters.FlightWaits == 2 && (_harness.Provider.Sends + _harness.Provider.Streams) == 1);
        _harness.Provider.Gate.SetResult();
        var texts = await Task.WhenAll(calls);

        Assert.All(texts, text => Assert.Equal("Hello there!", text));
        Assert.Equal(1, _harness.Provider.Sends + _harness.Provider.Streams);
        Assert.Equal(1, _counters.Misses);
        Assert.Equal(2, _counters.Hits);
        var outcomes = _harness.Sink.Entries.Select(e => e.CacheOutcome).Order().ToArray();
        Assert.Equal([CacheOutcome.Miss, CacheOutcome.Hit, CacheOutcome.Hit], outcomes);
        Assert.Equal(2, _harness.Sink.Entries.Count(e => e.CostUsd == 0m && e.Savings.ContainsKey(SavingReason.Cache)));
    }

    [Fact]
    public async Task A_stream_cut_short_by_its_client_is_not_stored_and_the_next_request_goes_upstream()
    {
        var pipeline = Pipeline();

        var opened = await pipeline.StreamAsync(_harness.Request(text: "cut"), CancellationToken.None);
        await using (var first = opened.Value!)
        {
            await foreach (var _ in first.Chunks)
            {
                break;
            }
        }

        Assert.Equal("Hello there!", await CallAsync(pipeline, stream: false, text: "cut"));
        Assert.Equal(2, _harness.Provider.Sends + _harness.Provider.Streams);
        Assert.Equal(0, _counters.Hits);
    }

    public void Dispose() => _harness.Dispose();

    private IGatewayHandler Pipeline()
    {
        var store = new MemoryCacheStore(1 << 20, _harness.Clock);
        return _harness.Build(b => b.Use(inner => new ExactCacheHandler(
            inner,
            new CachePolicy(new CacheConfig { Enabled = true }),
            store,
            new CacheFlights(),
            new CacheHits(_harness.Costs, _harness.Clock),
            new CacheRequestLinks(store, _harness.Clock, _counters, NullLogger<CacheRequestLinks>.Instance),
            _counters,
            _harness.Clock,
            NullLogger<ExactCacheHandler>.Instance)));
    }

    private async Task<string> CallAsync(IGatewayHandler pipeline, bool stream, string text = "same question")
    {
        var request = _harness.Request(stream, text);
        if (!stream)
        {
            var answered = await pipeline.SendAsync(request, CancellationToken.None);
            return answered.Value!.Response.Choices[0].Message.TextContent();
        }

        var opened = await pipeline.StreamAsync(request, CancellationToken.None);
        var read = new System.Text.StringBuilder();
        await using (var chunks = opened.Value!)
        {
            await foreach (var chunk in chunks.Chunks)
            {
                foreach (var choice in chunk.Parsed.Choices)
                {
                    read.Append(choice.Delta.Content);
                }
            }
        }

        return read.ToString();
    }

    /// <summary>Waits for a condition the test's own calls bring about (not for time to pass); fails after 10 s.</summary>
    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the calls never reached the expected state");
            await Task.Delay(5);
        }
    }
}
