using System.Globalization;
using Frugal.Core.Caching;
using StackExchange.Redis;

namespace Frugal.Storage.Redis.Caching;

/// <summary>
/// The semantic cache's event log as one Redis stream, so every gateway process sharing the server
/// sees the entries (and the evictions) the others append. The cursor is the last stream id read.
/// </summary>
public sealed class RedisSemanticCacheLog(RedisConnector connector) : ISemanticCacheLog
{
    private const string Kind = "k";
    private const string Entry = "e";
    private const string Context = "c";
    private const string Vector = "v";
    private const string Text = "t";
    private const string Threshold = "h";
    private const string Expires = "x";

    /// <summary>Stream entries read per XRANGE page while compacting.</summary>
    private const int CompactPage = 1000;

    private RedisKey StreamKey => connector.Key("semantic-log");

    public async ValueTask AppendAsync(SemanticCacheEvent cacheEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cacheEvent);
        var fields = new List<NameValueEntry>(7)
        {
            new(Kind, (int)cacheEvent.Kind),
            new(Entry, cacheEvent.EntryKey),
            new(Context, cacheEvent.ContextKey),
            new(Threshold, cacheEvent.Threshold.ToString("R", CultureInfo.InvariantCulture)),
            new(Expires, cacheEvent.ExpiresAt.ToUnixTimeMilliseconds()),
        };
        if (cacheEvent.Vector is { } vector)
        {
            fields.Add(new NameValueEntry(Vector, SemanticVectorBytes.ToBytes(vector)));
        }

        if (cacheEvent.Text is { } text)
        {
            fields.Add(new NameValueEntry(Text, text));
        }

        var db = await connector.DatabaseAsync().ConfigureAwait(false);
        await db.StreamAddAsync(StreamKey, [.. fields]).ConfigureAwait(false);
    }

    public async ValueTask<SemanticCacheEventBatch> ReadSinceAsync(string? cursor, int max, CancellationToken cancellationToken)
    {
        var db = await connector.DatabaseAsync().ConfigureAwait(false);
        // "(" makes the start exclusive (Redis 6.2+): the entry at the cursor was already read.
        var entries = await db.StreamRangeAsync(StreamKey, cursor is null ? "-" : "(" + cursor, "+", max).ConfigureAwait(false);
        var events = new List<SemanticCacheEvent>(entries.Length);
        foreach (var entry in entries)
        {
            events.Add(Parse(entry));
        }

        return new SemanticCacheEventBatch(events, entries.Length > 0 ? entries[^1].Id.ToString() : cursor);
    }

    /// <summary>
    /// Deletes every expired event (each carries its entry's expiry) and every event superseded by a
    /// later Added or Removed of the same entry (the latest removal stays until the entry's expiry, for
    /// processes whose cursor is behind it; an entry re-added after a removal keeps its new events).
    /// </summary>
    public async ValueTask CompactAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var db = await connector.DatabaseAsync().ConfigureAwait(false);
        var nowMs = now.ToUnixTimeMilliseconds();
        var byEntry = new Dictionary<string, List<(RedisValue Id, SemanticCacheEventKind Kind, long ExpiresMs)>>(StringComparer.Ordinal);
        RedisValue start = "-";
        while (true)
        {
            var page = await db.StreamRangeAsync(StreamKey, start, "+", CompactPage).ConfigureAwait(false);
            foreach (var entry in page)
            {
                var key = (string)entry[Entry]!;
                if (!byEntry.TryGetValue(key, out var list))
                {
                    byEntry[key] = list = [];
                }

                list.Add((entry.Id, (SemanticCacheEventKind)(int)entry[Kind], (long)entry[Expires]));
            }

            if (page.Length < CompactPage)
            {
                break;
            }

            start = "(" + page[^1].Id;
        }

        var doomed = new List<RedisValue>();
        foreach (var events in byEntry.Values)
        {
            var latest = events.FindLastIndex(e => e.Kind is SemanticCacheEventKind.Added or SemanticCacheEventKind.Removed);
            for (var i = 0; i < events.Count; i++)
            {
                if (i < latest || events[i].ExpiresMs <= nowMs)
                {
                    doomed.Add(events[i].Id);
                }
            }
        }

        if (doomed.Count > 0)
        {
            await db.StreamDeleteAsync(StreamKey, [.. doomed]).ConfigureAwait(false);
        }
    }

    private static SemanticCacheEvent Parse(StreamEntry entry)
    {
        var vector = entry[Vector];
        var text = entry[Text];
        return new SemanticCacheEvent(
            (SemanticCacheEventKind)(int)entry[Kind],
            (string)entry[Entry]!,
            (string)entry[Context]!,
            vector.IsNull ? null : SemanticVectorBytes.FromBytes((byte[])vector!),
            text.IsNull ? null : (string?)text,
            float.Parse((string)entry[Threshold]!, CultureInfo.InvariantCulture),
            DateTimeOffset.FromUnixTimeMilliseconds((long)entry[Expires]));
    }
}
