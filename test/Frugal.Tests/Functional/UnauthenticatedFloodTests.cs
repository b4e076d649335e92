using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using Frugal.Core.Accounting.Ledger;
using Frugal.Core.Configuration;
using Frugal.Core.Diagnostics;
using Frugal.Core.Pipeline;
using Frugal.Server;
using Frugal.Server.Http;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Tests.Functional;

/// <summary>
/// Issue #12 finding 9: every 401 used to be a ledger row (~12,700 rows/s from one client). Now each
/// is counted in frugal.requests.unauthenticated{reason}, and at most RowsPerMinute rows plus one
/// summary row per minute reach the ledger.
/// </summary>
public sealed class UnauthenticatedFloodTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Two_thousand_unauthenticated_requests_are_all_counted_but_only_sampled_into_the_ledger()
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys");
        using var counter = new InstrumentTotals(gateway.App.Services.GetRequiredService<FrugalMetrics>().Meter, UnauthenticatedRequests.InstrumentName);
        var startedMinute = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60;
        const int total = 2_000;
        var next = -1;
        var statuses = new ConcurrentBag<int>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
                {
                    Content = new StringContent("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}]}""", new MediaTypeHeaderValue("application/json")),
                };
                if (i % 2 == 1)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"fk-guess-{i}");
                }

                using var response = await gateway.Http.SendAsync(request);
                statuses.Add((int)response.StatusCode);
            }
        }));
        var minutesSpanned = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60) - startedMinute + 1;

        Assert.All(statuses, status => Assert.Equal(401, status));
        Assert.Equal(total, statuses.Count);
        Assert.Equal(total, counter.Total);
        Assert.Equal(total / 2, counter.ByTag("reason", "missing_key"));
        Assert.Equal(total / 2, counter.ByTag("reason", "invalid_key"));
        await LedgerRows.FlushAsync(gateway);
        var rows = await LedgerRows.ReadAsync(gateway.DataDir, "key_id = 'unauthenticated'");
        var bound = minutesSpanned * (UnauthenticatedRequests.RowsPerMinute + 1);
        output.WriteLine($"{total} unauthenticated requests -> {rows.Count} ledger rows over {minutesSpanned} minute(s); counter {counter.Total}");
        Assert.True(rows.Count >= UnauthenticatedRequests.RowsPerMinute && rows.Count <= bound, $"{rows.Count} ledger rows for {total} refusals over {minutesSpanned} minute(s); the bound is {bound}");
        Assert.All(rows, row => Assert.Equal(401L, row.Long("status")));
    }

    [Fact]
    public async Task The_first_refusals_of_a_minute_are_rows_and_the_rest_one_summary_row_when_the_next_minute_starts()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 5, 10, 0, 5, TimeSpan.Zero));
        var sink = new CapturingSink();
        var dataDir = Path.Combine(Path.GetTempPath(), "frugal-tests", Guid.NewGuid().ToString("N"));
        var config = ConfigLoader.Parse($$"""{ "dataDir": "{{dataDir}}", "auth": { "mode": "keys" }, "providers": {}, "models": {} }""", "test").Config!;
        var services = new ServiceCollection();
        services.AddLogging();
        GatewayHost.AddGatewayServices(services, config, clock);
        services.AddSingleton<ILedgerSink>(sink); // the last registration wins: entries are captured, not queued
        await using var provider = services.BuildServiceProvider();
        var sampler = provider.GetRequiredService<UnauthenticatedRequests>();
        using var counter = new InstrumentTotals(provider.GetRequiredService<FrugalMetrics>().Meter, UnauthenticatedRequests.InstrumentName);
        var error = GatewayError.Unauthorized("Invalid API key.");

        for (var i = 0; i < 25; i++)
        {
            await sampler.RecordAsync($"req_{i}", "chat", "invalid_key", error, clock.GetTimestamp());
        }

        Assert.Equal(UnauthenticatedRequests.RowsPerMinute, sink.Entries.Count);
        clock.Advance(TimeSpan.FromSeconds(60));
        await sampler.RecordAsync("req_next", "chat", "missing_key", error, clock.GetTimestamp());

        Assert.Equal(26, counter.Total);
        Assert.Equal(UnauthenticatedRequests.RowsPerMinute + 2, sink.Entries.Count);
        var summary = Assert.Single(sink.Entries, e => e.ErrorCode == UnauthenticatedRequests.SummaryErrorCode);
        Assert.Equal(["suppressed:15"], summary.Tags);
        Assert.Equal(401, summary.StatusCode);
        Assert.Equal("unauthenticated", summary.KeyId);
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 10, 0, 59, TimeSpan.Zero), summary.Timestamp); // the end of the minute it stands for
        Assert.Equal("req_next", sink.Entries[^1].RequestId);
    }

    private sealed class CapturingSink : ILedgerSink
    {
        public List<LedgerEntry> Entries { get; } = [];

        public ValueTask EnqueueAsync(LedgerEntry entry)
        {
            lock (Entries)
            {
                Entries.Add(entry);
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Sums one counter of one meter instance (tests run several gateways, each with its own meter).</summary>
    private sealed class InstrumentTotals : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(long Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

        public InstrumentTotals(Meter meter, string name)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) => _measurements.Enqueue((value, tags.ToArray())));
            _listener.Start();
        }

        public long Total => _measurements.Sum(m => m.Value);

        public long ByTag(string key, string value) => _measurements.Where(m => m.Tags.Any(t => t.Key == key && Equals(t.Value, value))).Sum(m => m.Value);

        public void Dispose() => _listener.Dispose();
    }
}
