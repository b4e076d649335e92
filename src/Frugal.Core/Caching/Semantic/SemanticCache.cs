using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Frugal.Core.Caching.Semantic.Embedding;
using Frugal.Core.Caching.Semantic.Index;
using Frugal.Core.Caching.Semantic.Verification;
using Microsoft.Extensions.Logging;

namespace Frugal.Core.Caching.Semantic;

/// <summary>
/// The semantic cache's state in this process: one vector index per context key, rebuilt from the
/// <see cref="ISemanticCacheLog"/> (everything at the first use, then what was appended since the
/// cursor, at most every <see cref="SemanticCacheConfig.SyncInterval"/>). The log is the one source of
/// truth: this process's own additions go through it too, so every process applies the same events
/// in the same order. Answers live in the <see cref="ICacheStore"/> under each entry's key.
/// <para>
/// Bounded: everything held here (each context's index, entries, their texts and verifier facts, the
/// log's copy of each vector) is counted against <see cref="SemanticCacheConfig.MaxMemoryBytes"/>, and
/// contexts against <see cref="SemanticCacheConfig.EffectiveMaxContexts"/>. Beyond either, the writer
/// evicts by a clock (second-chance LRU: a hit marks an entry without a lock; the hand spares a marked
/// entry once and takes expired ones first) — single entries for memory, the whole context of the
/// victim for the context cap — and a context whose last entry leaves is released. An eviction is
/// applied here at once and announced on the log (answer removed from the store, then a Removed
/// event), so other processes and the persisted log drop the entry too.
/// </para>
/// </summary>
public sealed partial class SemanticCache : IDisposable
{
    /// <summary>How far above the similarity of a wrong hit feedback lifts a neighbour's threshold.</summary>
    public const float FeedbackMargin = 0.01f;

    private const int SyncBatchSize = 1000;

    /// <summary>
    /// A context's fixed cost beside its index: the context object, its entry dictionary (buckets and
    /// per-core locks), the index wrapper and the context map's slot. With <see cref="EntryOverheadBytes"/>,
    /// calibrated on the GC heap: 4,000 single-entry 512-d contexts measured 6,355 B per context against
    /// 7,244 counted; 80 contexts of 50 entries 5,974 B per entry against 6,266 (conservative by 5–14 %).
    /// </summary>
    internal const int ContextOverheadBytes = 1_200;

    /// <summary>
    /// An entry's fixed cost: the entry and event objects, the verifier facts' containers, its slots in
    /// the key map, the context's entries and the eviction clock (calibration: see <see cref="ContextOverheadBytes"/>).
    /// </summary>
    internal const int EntryOverheadBytes = 900;

    /// <summary>Besides the time interval, the log is compacted after this many appends by this process.</summary>
    private const int CompactEveryAppends = 4_096;

    /// <summary>How often one process asks the log to drop events about expired entries.</summary>
    private static readonly TimeSpan CompactionInterval = TimeSpan.FromMinutes(10);

    /// <summary>How long a lookup waits for the first replay (started at boot) before answering as a miss.</summary>
    private static readonly TimeSpan FirstReplayWait = TimeSpan.FromSeconds(2);

    private readonly IEmbedder _embedder;
    private readonly ISemanticCacheLog _log;
    private readonly ICacheStore _store;
    private readonly SemanticCacheConfig _config;
    private readonly TimeProvider _time;
    private readonly CacheCounters _counters;
    private readonly ILogger<SemanticCache> _logger;
    private readonly ConcurrentDictionary<string, ContextIndex> _contexts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemanticEntry> _byKey = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _syncGate = new(1, 1);

    // The writer's state: mutated only under _writeLock (the sync writer, expiry from lookups, eviction).
    private readonly object _writeLock = new();
    private readonly LinkedList<SemanticEntry> _clock = new();
    private readonly List<SemanticEntry> _evicted = [];
    private LinkedListNode<SemanticEntry>? _hand;
    private int _contextCount;
    private long _bytes;
    private long _evictions;

    // What the properties report: the writer's figures at rest, published when it leaves the lock
    // (while it evicts, it holds one entry more than the limits for a moment).
    private int _restingContexts;
    private long _restingBytes;

    private int _appendsSinceCompaction;

    private string? _cursor;
    private long _lastSync;
    private bool _synced;
    private long _nextId;
    private long _lastCompaction;

    public SemanticCache(IEmbedder embedder, ISemanticCacheLog log, ICacheStore store, SemanticCacheConfig config, TimeProvider time, CacheCounters counters, ILogger<SemanticCache> logger)
    {
        _embedder = embedder;
        _log = log;
        _store = store;
        _config = config;
        _time = time;
        _counters = counters;
        _logger = logger;
    }

    public string EmbedderName => _embedder.Name;

    /// <summary>Live entries in this process's index.</summary>
    public int Count => _byKey.Count;

    /// <summary>Contexts with at least one entry in this process.</summary>
    public int ContextCount => Volatile.Read(ref _restingContexts);

    /// <summary>Bytes counted against <see cref="SemanticCacheConfig.MaxMemoryBytes"/> now.</summary>
    public long SizeBytes => Interlocked.Read(ref _restingBytes);

    /// <summary>Entries this process evicted for memory or the context cap since start.</summary>
    public long Evictions => Interlocked.Read(ref _evictions);

    public long MaxMemoryBytes => _config.MaxMemoryBytes;

    public int MaxContexts => _config.EffectiveMaxContexts;

    /// <summary>The best verified entry above its threshold, or null (a miss). Never throws for a backend or embedder failure.</summary>
    public async ValueTask<SemanticMatch?> LookupAsync(SemanticQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!await SyncAsync(force: false, cancellationToken).ConfigureAwait(false)
            || !_contexts.TryGetValue(query.ContextKey, out var context))
        {
            return null;
        }

        var vector = await EmbedAsync(query, cancellationToken).ConfigureAwait(false);
        if (vector is null || vector.Length != context.Index.Dimensions)
        {
            return null;
        }

        var matches = new List<VectorMatch>(_config.MaxCandidates);
        context.Index.Search(vector, _config.MaxCandidates, matches);
        VerifierFacts? facts = null;
        var now = _time.GetUtcNow();
        foreach (var match in matches)
        {
            if (match.Score < _config.Threshold)
            {
                break; // best first: nothing further can pass
            }

            if (!context.Entries.TryGetValue(match.Id, out var entry))
            {
                continue;
            }

            if (entry.ExpiresAt <= now)
            {
                Forget(entry); // its answer is gone from the store too
                continue;
            }

            if (match.Score < Math.Max(_config.Threshold, entry.Threshold))
            {
                continue;
            }

            if (_config.Verifier)
            {
                facts ??= SemanticVerifier.Analyze(query.Text);
                var verdict = SemanticVerifier.Verify(facts, entry.Facts);
                if (!verdict.Accepted)
                {
                    _counters.VerifierRejection();
                    LogVerifierRejected(_logger, match.Score, verdict.Reason ?? "unknown");
                    continue;
                }
            }

            CacheEntry? stored;
            try
            {
                stored = await _store.GetAsync(entry.EntryKey, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _counters.StoreError();
                LogBackendFailed(_logger, "read", ex.GetType().Name, ex.Message);
                return null;
            }

            if (stored is not null && CachedAnswer.FromPayload(stored.Payload) is { } answer)
            {
                entry.MarkUsed();
                return new SemanticMatch(entry.EntryKey, match.Score, answer);
            }
        }

        return null;
    }

    /// <summary>Stores <paramref name="answer"/> as the entry for the query and announces it on the log; returns the entry key.</summary>
    public async ValueTask<string?> AddAsync(SemanticQuery query, CachedAnswer answer, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(answer);
        try
        {
            var vector = await EmbedAsync(query, cancellationToken).ConfigureAwait(false);
            if (vector is null)
            {
                return null;
            }

            var entryKey = EntryKey(query);
            var expiresAt = _time.GetUtcNow() + ttl;
            await _store.SetAsync(entryKey, new CacheEntry(answer.ToPayload(), expiresAt), cancellationToken).ConfigureAwait(false);
            await _log.AppendAsync(new SemanticCacheEvent(SemanticCacheEventKind.Added, entryKey, query.ContextKey, vector, query.Text, 0f, expiresAt), cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _appendsSinceCompaction);
            await SyncAsync(force: false, cancellationToken, ignoreInterval: true).ConfigureAwait(false); // visible here at once, unless a replay is running (then it picks this up)
            return entryKey;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _counters.StoreError();
            LogBackendFailed(_logger, "write", ex.GetType().Name, ex.Message);
            return null;
        }
    }

    /// <summary>
    /// Feedback that the entry gave a wrong answer for <paramref name="link"/>'s query: the entry is
    /// removed, and every other entry of the context that the same query would have reached gets its
    /// own threshold lifted above that similarity, so the mistake is not repeated by a neighbour.
    /// Returns how many neighbours were tightened.
    /// </summary>
    public async ValueTask<int> ReportWrongAsync(SemanticLink link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        await SyncAsync(force: true, cancellationToken).ConfigureAwait(false);
        var expiresAt = _byKey.TryGetValue(link.EntryKey, out var wrong) ? wrong.ExpiresAt : _time.GetUtcNow().AddDays(1);
        await _store.RemoveAsync(link.EntryKey, cancellationToken).ConfigureAwait(false);
        await _log.AppendAsync(new SemanticCacheEvent(SemanticCacheEventKind.Removed, link.EntryKey, link.ContextKey, null, null, 0f, expiresAt), cancellationToken).ConfigureAwait(false);

        var tightened = 0;
        if (link.WasHit && _contexts.TryGetValue(link.ContextKey, out var context))
        {
            var vector = await _embedder.EmbedAsync(link.QueryText, cancellationToken).ConfigureAwait(false);
            var matches = new List<VectorMatch>();
            context.Index.Search(vector, _config.MaxCandidates * 4, matches);
            foreach (var match in matches)
            {
                if (!context.Entries.TryGetValue(match.Id, out var neighbour) || neighbour.EntryKey == link.EntryKey)
                {
                    continue;
                }

                var effective = Math.Max(_config.Threshold, neighbour.Threshold);
                if (match.Score >= effective)
                {
                    var raised = Math.Max(match.Score, link.Similarity) + FeedbackMargin;
                    await _log.AppendAsync(new SemanticCacheEvent(SemanticCacheEventKind.ThresholdChanged, neighbour.EntryKey, neighbour.ContextKey, null, null, raised, neighbour.ExpiresAt), cancellationToken).ConfigureAwait(false);
                    tightened++;
                }
            }
        }

        await SyncAsync(force: true, cancellationToken).ConfigureAwait(false);
        return tightened;
    }

    /// <summary>
    /// Pulls the events appended since the cursor into the index (all of them on first use). Forced,
    /// it waits for a pull already running. Otherwise it pulls at most every
    /// <see cref="SemanticCacheConfig.SyncInterval"/> (unless <paramref name="ignoreInterval"/>) and does
    /// not wait for another pull — except for the first replay, which it waits for up to two seconds.
    /// Returns false while the index has never been filled: a lookup then is a miss, not a long wait.
    /// </summary>
    public async ValueTask<bool> SyncAsync(bool force, CancellationToken cancellationToken, bool ignoreInterval = false)
    {
        if (!force && !ignoreInterval && _synced && _time.GetElapsedTime(Interlocked.Read(ref _lastSync)) < _config.SyncInterval)
        {
            return true;
        }

        if (force)
        {
            await _syncGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (!await _syncGate.WaitAsync(_synced ? TimeSpan.Zero : FirstReplayWait, cancellationToken).ConfigureAwait(false))
        {
            return _synced; // another request (or the start-up replay) is pulling; use what is there
        }

        try
        {
            while (true)
            {
                var batch = await _log.ReadSinceAsync(_cursor, SyncBatchSize, cancellationToken).ConfigureAwait(false);
                foreach (var cacheEvent in batch.Events)
                {
                    Apply(cacheEvent);
                }

                _cursor = batch.Cursor;
                await AnnounceEvictionsAsync(cancellationToken).ConfigureAwait(false);
                if (batch.Events.Count < SyncBatchSize)
                {
                    break;
                }
            }

            _synced = true;
            Interlocked.Exchange(ref _lastSync, _time.GetTimestamp());
            if (_lastCompaction == 0 || _time.GetElapsedTime(_lastCompaction) >= CompactionInterval || Volatile.Read(ref _appendsSinceCompaction) >= CompactEveryAppends)
            {
                _lastCompaction = _time.GetTimestamp();
                Interlocked.Exchange(ref _appendsSinceCompaction, 0);
                DropExpired(); // idle contexts whose entries all expired are released here, not only under pressure
                await _log.CompactAsync(_time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _counters.StoreError();
            LogBackendFailed(_logger, "sync", ex.GetType().Name, ex.Message);
        }
        finally
        {
            _evicted.Clear(); // an announcement that failed is not retried: this process has dropped them either way
            _syncGate.Release();
        }

        return _synced;
    }

    public void Dispose()
    {
        foreach (var context in _contexts.Values)
        {
            context.Index.Dispose();
        }

        _syncGate.Dispose();
    }

    /// <summary>Only ever called under the sync gate: the index's single writer.</summary>
    private void Apply(SemanticCacheEvent cacheEvent)
    {
        switch (cacheEvent.Kind)
        {
            case SemanticCacheEventKind.Added when cacheEvent.Vector is { Length: > 0 } vector && cacheEvent.Text is not null:
                lock (_writeLock)
                {
                    RemoveLocked(cacheEvent.EntryKey);
                    if (cacheEvent.ExpiresAt > _time.GetUtcNow())
                    {
                        AddLocked(cacheEvent, vector, cacheEvent.Text);
                        EvictWhileOverLocked();
                    }

                    PublishLocked();
                }

                break;
            case SemanticCacheEventKind.Removed:
                lock (_writeLock)
                {
                    RemoveLocked(cacheEvent.EntryKey);
                    PublishLocked();
                }

                break;
            case SemanticCacheEventKind.ThresholdChanged when _byKey.TryGetValue(cacheEvent.EntryKey, out var changed):
                changed.Threshold = Math.Max(changed.Threshold, cacheEvent.Threshold);
                break;
        }
    }

    private void AddLocked(SemanticCacheEvent cacheEvent, float[] vector, string text)
    {
        var entryBytes = EntryBytes(vector.Length, text, cacheEvent.EntryKey, cacheEvent.ContextKey);
        if (entryBytes + ContextOverheadBytes + (2L * vector.Length * sizeof(float)) > _config.MaxMemoryBytes)
        {
            return; // larger than the whole share: not worth evicting everything for
        }

        if (!_contexts.TryGetValue(cacheEvent.ContextKey, out var context))
        {
            context = new ContextIndex(new AdaptiveVectorIndex(vector.Length, _config.ExactIndexLimit));
            _contexts[cacheEvent.ContextKey] = context;
            _contextCount++;
            context.IndexBytes = context.Index.MemoryBytes;
            _bytes += ContextOverheadBytes + context.IndexBytes;
        }

        if (context.Index.Dimensions != vector.Length)
        {
            ReleaseIfEmptyLocked(cacheEvent.ContextKey, context);
            return; // written by a process with another embedder: never compare across embedders
        }

        var entry = new SemanticEntry(++_nextId, cacheEvent.EntryKey, cacheEvent.ContextKey, text, cacheEvent.Threshold, cacheEvent.ExpiresAt, entryBytes);
        context.Entries[entry.Id] = entry;
        context.Index.Add(entry.Id, vector);
        _byKey[entry.EntryKey] = entry;
        _bytes += entry.Bytes;
        Recount(context);

        // Behind the hand: a new entry is the last the clock looks at.
        entry.ClockNode = _hand is null ? _clock.AddLast(entry) : _clock.AddBefore(_hand, entry);
    }

    /// <summary>Evicts by the clock until both limits hold; evicted entries are queued for <see cref="AnnounceEvictionsAsync"/>.</summary>
    private void EvictWhileOverLocked()
    {
        var now = _time.GetUtcNow();
        while ((_bytes > _config.MaxMemoryBytes || _contextCount > _config.EffectiveMaxContexts) && NextVictimLocked(now) is { } victim)
        {
            if (_contextCount > _config.EffectiveMaxContexts && _contexts.TryGetValue(victim.ContextKey, out var context))
            {
                foreach (var entry in context.Entries.Values)
                {
                    EvictLocked(entry, now);
                }
            }
            else
            {
                EvictLocked(victim, now);
            }
        }
    }

    private void EvictLocked(SemanticEntry entry, DateTimeOffset now)
    {
        if (!RemoveEntryLocked(entry))
        {
            return;
        }

        if (entry.ExpiresAt > now)
        {
            _evicted.Add(entry); // expired ones need no announcement: every process drops them by the same clock
            _evictions++;
        }
    }

    /// <summary>
    /// The clock: expired entries go at once; a marked entry loses its mark and is passed over; the
    /// first unmarked one is the victim. Two turns at most (the second finds every mark cleared).
    /// </summary>
    private SemanticEntry? NextVictimLocked(DateTimeOffset now)
    {
        for (var steps = 2 * _clock.Count; steps >= 0 && _clock.First is { } first; steps--)
        {
            var node = _hand ?? first;
            _hand = node.Next ?? first;
            if (node.Value.ExpiresAt <= now || !node.Value.TakeMark() || steps == 0)
            {
                return node.Value;
            }
        }

        return null;
    }

    /// <summary>Tells the store and the log about this sync's evictions (the store's answer first, as feedback does).</summary>
    private async ValueTask AnnounceEvictionsAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in _evicted)
        {
            await _store.RemoveAsync(entry.EntryKey, cancellationToken).ConfigureAwait(false);
            await _log.AppendAsync(new SemanticCacheEvent(SemanticCacheEventKind.Removed, entry.EntryKey, entry.ContextKey, null, null, 0f, entry.ExpiresAt), cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _appendsSinceCompaction);
        }

        _evicted.Clear();
    }

    /// <summary>Drops every expired entry of this process (no log event: every process drops them by the same clock).</summary>
    private void DropExpired()
    {
        var now = _time.GetUtcNow();
        lock (_writeLock)
        {
            for (var node = _clock.First; node is not null;)
            {
                var next = node.Next;
                if (node.Value.ExpiresAt <= now)
                {
                    RemoveEntryLocked(node.Value);
                }

                node = next;
            }

            PublishLocked();
        }
    }

    /// <summary>
    /// Drops an expired entry from this process's index, from a lookup. It removes only this very entry
    /// (ids are never reused), never a newer entry added under the same key. A lookup never waits for the
    /// writer (which may be building a graph): when the lock is taken the entry is left to the next sweep.
    /// </summary>
    private void Forget(SemanticEntry entry)
    {
        if (!Monitor.TryEnter(_writeLock))
        {
            return;
        }

        try
        {
            RemoveEntryLocked(entry);
            PublishLocked();
        }
        finally
        {
            Monitor.Exit(_writeLock);
        }
    }

    private void PublishLocked()
    {
        Volatile.Write(ref _restingContexts, _contextCount);
        Interlocked.Exchange(ref _restingBytes, _bytes);
    }

    private void RemoveLocked(string entryKey)
    {
        if (_byKey.TryGetValue(entryKey, out var entry))
        {
            RemoveEntryLocked(entry);
        }
    }

    /// <summary>Removes this very entry (not a newer one under its key); releases its context when it was the last. False when already gone.</summary>
    private bool RemoveEntryLocked(SemanticEntry entry)
    {
        if (entry.ClockNode is not { } node)
        {
            return false;
        }

        if (ReferenceEquals(_hand, node))
        {
            _hand = node.Next ?? (ReferenceEquals(_clock.First, node) ? null : _clock.First);
        }

        _clock.Remove(node);
        entry.ClockNode = null;
        _byKey.TryRemove(new KeyValuePair<string, SemanticEntry>(entry.EntryKey, entry));
        _bytes -= entry.Bytes;
        if (_contexts.TryGetValue(entry.ContextKey, out var context) && context.Entries.TryRemove(entry.Id, out _))
        {
            context.Index.Remove(entry.Id);
            Recount(context);
            ReleaseIfEmptyLocked(entry.ContextKey, context);
        }

        return true;
    }

    /// <summary>
    /// An empty context is released. Its index is not disposed: a lookup may still be searching it
    /// (it holds no unmanaged resource; the GC takes it after).
    /// </summary>
    private void ReleaseIfEmptyLocked(string contextKey, ContextIndex context)
    {
        if (context.Entries.IsEmpty && _contexts.TryRemove(new KeyValuePair<string, ContextIndex>(contextKey, context)))
        {
            _contextCount--;
            _bytes -= ContextOverheadBytes + context.IndexBytes;
        }
    }

    /// <summary>Moves the context's index size into the count (indexes grow and shrink with their content).</summary>
    private void Recount(ContextIndex context)
    {
        var now = context.Index.MemoryBytes;
        _bytes += now - context.IndexBytes;
        context.IndexBytes = now;
    }

    /// <summary>
    /// An entry's cost beside its index row: fixed overhead, its text (and the verifier's words, about
    /// as much again), its key strings, and the event's copy of the vector that the log keeps.
    /// </summary>
    private static long EntryBytes(int dimensions, string text, string entryKey, string contextKey)
        => EntryOverheadBytes + (4L * text.Length * sizeof(char)) + ((long)(entryKey.Length + contextKey.Length) * sizeof(char)) + ((long)dimensions * sizeof(float));

    private async ValueTask<float[]?> EmbedAsync(SemanticQuery query, CancellationToken cancellationToken)
    {
        if (query.Vector is { } known)
        {
            return known;
        }

        try
        {
            query.Vector = await _embedder.EmbedAsync(query.Text, cancellationToken).ConfigureAwait(false);
            return query.Vector;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _counters.StoreError();
            LogBackendFailed(_logger, "embed", ex.GetType().Name, ex.Message);
            return null;
        }
    }

    /// <summary>The embedder is part of the key: vectors of different embedders never meet.</summary>
    private string EntryKey(SemanticQuery query)
        => "sem1:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{_embedder.Name}\n{query.ContextKey}\n{query.Text}")));

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Semantic cache {Operation} failed ({ErrorType}: {ErrorMessage}); answered as a miss")]
    private static partial void LogBackendFailed(ILogger logger, string operation, string errorType, string errorMessage);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Semantic candidate at similarity {Similarity:0.000} rejected by the verifier: {Reason}")]
    private static partial void LogVerifierRejected(ILogger logger, float similarity, string reason);

    private sealed class ContextIndex(AdaptiveVectorIndex index)
    {
        public AdaptiveVectorIndex Index { get; } = index;

        public ConcurrentDictionary<long, SemanticEntry> Entries { get; } = new();

        /// <summary>The index's size as last counted in the cache's total (writer lock).</summary>
        public long IndexBytes { get; set; }
    }
}
