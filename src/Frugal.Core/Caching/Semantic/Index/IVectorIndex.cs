namespace Frugal.Core.Caching.Semantic.Index;

/// <summary>
/// Nearest-neighbour search over L2-normalised vectors by cosine similarity. Implementations
/// allow any number of concurrent <see cref="Search"/> calls alongside one writer
/// (<see cref="Add"/>/<see cref="Remove"/> serialise among themselves). Dispose only
/// after every search has returned.
/// </summary>
public interface IVectorIndex : IDisposable
{
    int Dimensions { get; }

    /// <summary>Live (not removed) vectors.</summary>
    int Count { get; }

    /// <summary>
    /// Approximate bytes the index holds (its arrays by capacity, not by count), so a cache can count
    /// its indexes against a memory limit. Read it from the writer's side for an exact delta.
    /// </summary>
    long MemoryBytes { get; }

    /// <summary>Adds <paramref name="vector"/> under <paramref name="id"/>; an existing id is replaced.</summary>
    void Add(long id, ReadOnlySpan<float> vector);

    /// <summary>Removes <paramref name="id"/>; false when it was not there.</summary>
    bool Remove(long id);

    /// <summary>
    /// Clears <paramref name="results"/> and fills it with up to <paramref name="k"/> matches,
    /// best first. The caller owns the list, so a hot path can reuse one per thread.
    /// </summary>
    void Search(ReadOnlySpan<float> query, int k, List<VectorMatch> results);

    /// <summary>Writes the index in a binary form that the implementation's <c>Load</c> reads back.</summary>
    void Save(Stream stream);
}
