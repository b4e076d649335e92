namespace Frugal.MockUpstream;

/// <summary>
/// Server-wide defaults. Read on every request (not copied at start), so a test may change them
/// between requests on a running server. Per-request directives such as <c>[[latency:MS]]</c> win.
/// </summary>
public sealed class MockUpstreamOptions
{
    /// <summary>Delay before the response headers are sent, in milliseconds.</summary>
    public int LatencyMs { get; set; }

    /// <summary>Default number of content pieces a streamed reply is split into.</summary>
    public int Chunks { get; set; } = 8;

    /// <summary>Delay between streamed content pieces, in milliseconds.</summary>
    public int ChunkDelayMs { get; set; }

    /// <summary>Where the endless-* faults stop if the client has not left by then (96 MiB: above every cap the gateway has).</summary>
    public long EndlessBytes { get; set; } = 96L * 1024 * 1024;

    /// <summary>Simulate provider prompt caching (<see cref="PromptCacheSimulator"/>); off by default so usage stays what the directives say.</summary>
    public bool SimulatePromptCaching { get; set; }

    /// <summary>
    /// The compressed clock of the batch APIs: a batch is validating for the first half of this, in progress for
    /// the second, then ended. Default 1500 ms, or <c>MOCK_BATCH_DELAY_MS</c> / <c>--batch-delay-ms</c>.
    /// </summary>
    public int BatchDelayMs { get; set; } = DefaultBatchDelayMs();

    /// <summary>The clock prompt-cache entries expire on and batches advance on (tests pass a fake one).</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    private static int DefaultBatchDelayMs()
        => int.TryParse(Environment.GetEnvironmentVariable("MOCK_BATCH_DELAY_MS"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms) ? ms : 1500;
}
