using System.Collections.Concurrent;

namespace Frugal.Core.Compression;

/// <summary>
/// Summaries by (model, dropped turns), so a conversation whose compaction point has not moved gets the same summary —
/// the same bytes, which keeps the provider's cached prefix — without paying for it on every turn. In memory, bounded:
/// past <see cref="Capacity"/> the oldest insertion goes first (a summary is cheap to write again; losing one costs one call).
/// </summary>
public sealed class SummaryCache(int capacity = 4096)
{
    private readonly ConcurrentDictionary<string, string> _summaries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public int Capacity { get; } = capacity;

    public int Count => _summaries.Count;

    public bool TryGet(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? summary) => _summaries.TryGetValue(key, out summary);

    public void Add(string key, string summary)
    {
        if (!_summaries.TryAdd(key, summary))
        {
            return;
        }

        _order.Enqueue(key);
        while (_summaries.Count > Capacity && _order.TryDequeue(out var oldest))
        {
            _summaries.TryRemove(oldest, out _);
        }
    }
}
