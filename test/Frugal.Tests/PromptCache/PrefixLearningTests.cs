using Frugal.Core.PromptCache;

namespace Frugal.Tests.PromptCache;

/// <summary>The breakpoint rule over a real <see cref="MemoryPromptPrefixStore"/>, driven by explicit times.</summary>
public sealed class PrefixLearningTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly PromptCacheSpec Sonnet = PromptCacheCatalog.Embedded.Find("claude-sonnet-4-5-20250929", "x")!;

    private readonly MemoryPromptPrefixStore _store = new(100);

    [Fact]
    public async Task First_sighting_learns_the_second_within_five_minutes_writes_and_the_third_reads()
    {
        Assert.Equal(PrefixAction.Skip, (await SightAsync(Start)).Action);

        var second = await SightAsync(Start.AddMinutes(2));
        var third = await SightAsync(Start.AddMinutes(4));

        Assert.Equal((PrefixAction.Write, PrefixDecision.FiveMinutes), (second.Action, second.Ttl));
        Assert.Equal(PrefixAction.Read, third.Action);
    }

    [Fact]
    public async Task Reuse_every_twenty_minutes_gets_a_one_hour_write_and_reads_after_it()
    {
        await SightAsync(Start);
        var write = await SightAsync(Start.AddMinutes(20));
        var read = await SightAsync(Start.AddMinutes(40));

        Assert.Equal((PrefixAction.Write, PrefixDecision.OneHour), (write.Action, write.Ttl));
        Assert.Equal((PrefixAction.Read, PrefixDecision.OneHour), (read.Action, read.Ttl));
    }

    [Fact]
    public async Task Reuse_rarer_than_an_hour_never_gets_a_marker()
    {
        for (var i = 0; i < 6; i++)
        {
            var decision = await SightAsync(Start.AddHours(2 * i));
            Assert.Equal(PrefixAction.Skip, decision.Action);
        }
    }

    [Fact]
    public async Task Writes_that_are_never_read_stop_the_markers_until_reuse_is_steady_again()
    {
        // Pairs of sightings 4 min apart, pairs 2 h apart: each pair writes, nothing reads the write.
        var decisions = new List<PrefixDecision>();
        for (var pair = 0; pair < 5; pair++)
        {
            var t = Start.AddHours(2 * pair);
            decisions.Add(await SightAsync(t));
            decisions.Add(await SightAsync(t.AddMinutes(4)));
        }

        var writes = decisions.Count(d => d.Action == PrefixAction.Write);
        Assert.Equal(2, writes); // the learning allowance: two wasted writes, then none
        Assert.Equal("unread", decisions[^1].Reason);

        // Steady reuse (three intervals in a row within 4.5 min) earns the marker back.
        var later = Start.AddHours(20);
        await SightAsync(later);
        await SightAsync(later.AddMinutes(1));
        Assert.Equal(PrefixAction.Skip, (await SightAsync(later.AddMinutes(2))).Action);
        var resumed = await SightAsync(later.AddMinutes(3));
        Assert.Equal(PrefixAction.Write, resumed.Action);
    }

    [Fact]
    public void A_prefix_whose_reads_cover_its_wasted_writes_is_not_stopped()
    {
        var paidFor = new PrefixSnapshot(20, Start, null, TimeSpan.Zero, Writes: 4, Reads: 10, WastedWrites: 3, ShortIntervals: 0, PreviousMinuteCount: 0);
        var notPaid = paidFor with { Reads = 0 };

        Assert.False(PrefixLearning.Stopped(paidFor, Sonnet));
        Assert.True(PrefixLearning.Stopped(notPaid, Sonnet));
    }

    private async Task<PrefixDecision> SightAsync(DateTimeOffset now)
    {
        const ulong Key = 42;
        var before = await _store.ObserveAsync(Key, now);
        var decision = PrefixLearning.Decide(before, now, Sonnet);
        if (decision.Marks)
        {
            await _store.RecordCacheAsync(Key, now, decision.Ttl, decision.Action == PrefixAction.Write);
        }

        return decision;
    }
}
