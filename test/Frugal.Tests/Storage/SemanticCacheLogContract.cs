using Frugal.Core.Caching;

namespace Frugal.Tests.Storage;

/// <summary>What every <see cref="ISemanticCacheLog"/> must do, run against each real backend.</summary>
public abstract class SemanticCacheLogContract
{
    protected static readonly DateTimeOffset Later = DateTimeOffset.UtcNow.AddHours(1);

    protected abstract ISemanticCacheLog Log { get; }

    /// <summary>A second handle on the same store, as another gateway process would have.</summary>
    protected abstract ISemanticCacheLog OtherProcessLog { get; }

    protected static SemanticCacheEvent Added(string key, DateTimeOffset expires, float[]? vector = null)
        => new(SemanticCacheEventKind.Added, key, "ctx-1", vector ?? [0.25f, -1.5f, 3f], "can I cancel my order?", 0.9f, expires);

    [Fact]
    public async Task Events_come_back_in_order_with_every_field()
    {
        await Log.AppendAsync(Added("e1", Later), CancellationToken.None);
        await Log.AppendAsync(new SemanticCacheEvent(SemanticCacheEventKind.ThresholdChanged, "e1", "ctx-1", null, null, 0.97f, Later), CancellationToken.None);
        await Log.AppendAsync(new SemanticCacheEvent(SemanticCacheEventKind.Removed, "e1", "ctx-1", null, null, 0.97f, Later), CancellationToken.None);

        var batch = await Log.ReadSinceAsync(null, 100, CancellationToken.None);

        Assert.Equal([SemanticCacheEventKind.Added, SemanticCacheEventKind.ThresholdChanged, SemanticCacheEventKind.Removed], batch.Events.Select(e => e.Kind));
        var added = batch.Events[0];
        Assert.Equal(("e1", "ctx-1", "can I cancel my order?", 0.9f), (added.EntryKey, added.ContextKey, added.Text, added.Threshold));
        Assert.Equal([0.25f, -1.5f, 3f], added.Vector!);
        Assert.Equal(Later.ToUnixTimeMilliseconds(), added.ExpiresAt.ToUnixTimeMilliseconds());
        Assert.Null(batch.Events[1].Vector);
        Assert.Equal(0.97f, batch.Events[1].Threshold);
    }

    [Fact]
    public async Task The_cursor_returns_only_what_was_appended_since_including_by_another_process()
    {
        await Log.AppendAsync(Added("a", Later), CancellationToken.None);
        await Log.AppendAsync(Added("b", Later), CancellationToken.None);
        var first = await Log.ReadSinceAsync(null, 1, CancellationToken.None);
        var second = await Log.ReadSinceAsync(first.Cursor, 10, CancellationToken.None);
        Assert.Equal(["a"], first.Events.Select(e => e.EntryKey));
        Assert.Equal(["b"], second.Events.Select(e => e.EntryKey));

        await OtherProcessLog.AppendAsync(Added("c", Later), CancellationToken.None);
        var third = await Log.ReadSinceAsync(second.Cursor, 10, CancellationToken.None);
        var nothing = await Log.ReadSinceAsync(third.Cursor, 10, CancellationToken.None);

        Assert.Equal(["c"], third.Events.Select(e => e.EntryKey));
        Assert.Empty(nothing.Events);
        Assert.Equal(third.Cursor, nothing.Cursor);
    }

    [Fact]
    public async Task Compaction_drops_expired_entries_and_removed_vectors_but_keeps_removals()
    {
        var now = DateTimeOffset.UtcNow;
        await Log.AppendAsync(Added("old", now.AddMinutes(-1)), CancellationToken.None);
        await Log.AppendAsync(Added("live", Later), CancellationToken.None);
        await Log.AppendAsync(Added("gone", Later), CancellationToken.None);
        await Log.AppendAsync(new SemanticCacheEvent(SemanticCacheEventKind.Removed, "gone", "ctx-1", null, null, 1f, Later), CancellationToken.None);

        await Log.CompactAsync(now, CancellationToken.None);
        var left = await Log.ReadSinceAsync(null, 100, CancellationToken.None);

        Assert.Equal([("live", SemanticCacheEventKind.Added), ("gone", SemanticCacheEventKind.Removed)], left.Events.Select(e => (e.EntryKey, e.Kind)));
    }

    [Fact]
    public async Task Compaction_keeps_an_entry_re_added_after_its_removal_and_drops_expired_removals()
    {
        // An evicting cache removes and re-adds the same entry key; the re-add must survive compaction.
        var now = DateTimeOffset.UtcNow;
        await Log.AppendAsync(Added("again", Later), CancellationToken.None);
        await Log.AppendAsync(new SemanticCacheEvent(SemanticCacheEventKind.Removed, "again", "ctx-1", null, null, 0f, Later), CancellationToken.None);
        await Log.AppendAsync(Added("again", Later.AddMinutes(1), [1f, 2f, 3f]), CancellationToken.None);
        await Log.AppendAsync(new SemanticCacheEvent(SemanticCacheEventKind.Removed, "stale", "ctx-1", null, null, 0f, now.AddMinutes(-1)), CancellationToken.None);

        await Log.CompactAsync(now, CancellationToken.None);
        var left = await Log.ReadSinceAsync(null, 100, CancellationToken.None);

        var only = Assert.Single(left.Events);
        Assert.Equal(("again", SemanticCacheEventKind.Added), (only.EntryKey, only.Kind));
        Assert.Equal([1f, 2f, 3f], only.Vector!);
    }
}
