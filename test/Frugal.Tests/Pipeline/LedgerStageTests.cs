using Frugal.Core.Pipeline;

namespace Frugal.Tests.Pipeline;

/// <summary>The ledger stage alone over dispatch and a fake upstream: one entry per stream, however it ends.</summary>
public sealed class LedgerStageTests : IDisposable
{
    private readonly StageHarness _harness = new();

    [Fact]
    public async Task A_stream_read_to_its_end_is_recorded_once_with_the_upstreams_usage()
    {
        var pipeline = _harness.Build();
        var request = _harness.Request();

        var opened = await pipeline.StreamAsync(request, CancellationToken.None);
        Assert.True(opened.IsSuccess);
        await using (var stream = opened.Value!)
        {
            await foreach (var _ in stream.Chunks)
            {
            }
        }

        var entry = Assert.Single(_harness.Sink.Entries);
        Assert.Equal(200, entry.StatusCode);
        Assert.True(entry.Streamed);
        Assert.Equal(10, entry.Usage.InputTokens);
        Assert.Equal(3, entry.Usage.OutputTokens);
        Assert.False(entry.UsageEstimated);
        Assert.Equal("fake", entry.Provider);
        Assert.Equal("gpt-4o-mini", entry.Model);
        Assert.Equal(1, entry.Attempts);
        Assert.True(entry.CostUsd > 0);
    }

    [Fact]
    public async Task A_client_that_leaves_mid_stream_is_recorded_once_with_estimated_usage()
    {
        var pipeline = _harness.Build();
        var request = _harness.Request();

        var opened = await pipeline.StreamAsync(request, CancellationToken.None);
        await using (var stream = opened.Value!)
        {
            await foreach (var _ in stream.Chunks)
            {
                break;
            }
        }

        var entry = Assert.Single(_harness.Sink.Entries);
        Assert.Equal(499, entry.StatusCode);
        Assert.Equal("client_closed", entry.ErrorCode);
        Assert.True(entry.UsageEstimated); // the usage chunk never came: the text delivered stands in for it
        Assert.True(entry.Usage.OutputTokens > 0);
        Assert.True(_harness.Provider.Released);
    }

    [Fact]
    public async Task A_stream_disposed_unread_is_recorded_once()
    {
        var pipeline = _harness.Build();

        var opened = await pipeline.StreamAsync(_harness.Request(), CancellationToken.None);
        await opened.Value!.DisposeAsync();
        await opened.Value!.DisposeAsync();

        var entry = Assert.Single(_harness.Sink.Entries);
        Assert.Equal(499, entry.StatusCode);
        Assert.True(_harness.Provider.Released);
    }

    [Fact]
    public async Task An_upstream_failure_after_the_first_chunk_is_recorded_once_with_its_error()
    {
        _harness.Provider.FailAfter = 2;
        var pipeline = _harness.Build();

        var opened = await pipeline.StreamAsync(_harness.Request(), CancellationToken.None);
        await using (var stream = opened.Value!)
        {
            var ex = await Assert.ThrowsAsync<GatewayStreamException>(async () =>
            {
                await foreach (var _ in stream.Chunks)
                {
                }
            });
            Assert.Equal(502, ex.Error.StatusCode);
        }

        var entry = Assert.Single(_harness.Sink.Entries);
        Assert.Equal(502, entry.StatusCode);
        Assert.Equal("upstream_error", entry.ErrorCode);
    }

    public void Dispose() => _harness.Dispose();
}
