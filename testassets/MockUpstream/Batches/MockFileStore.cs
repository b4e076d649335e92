using System.Collections.Concurrent;

namespace Frugal.MockUpstream.Batches;

/// <summary>The mock's files, in memory (uploads and the output/error files batches produce).</summary>
internal sealed class MockFileStore
{
    private readonly ConcurrentDictionary<string, MockFile> _files = new(StringComparer.Ordinal);
    private long _next;

    public MockFile Add(string filename, string purpose, byte[] content, long createdAt)
    {
        var file = new MockFile($"file-mock{Interlocked.Increment(ref _next):D6}", filename, purpose, content, createdAt);
        _files[file.Id] = file;
        return file;
    }

    public MockFile? Find(string id) => _files.TryGetValue(id, out var file) ? file : null;

    public bool Remove(string id) => _files.TryRemove(id, out _);

    public IReadOnlyList<MockFile> All() => [.. _files.Values.OrderBy(f => f.Id, StringComparer.Ordinal)];

    public void Clear() => _files.Clear();
}
