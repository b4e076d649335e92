namespace Frugal.Core.Caching.Semantic.Index;

/// <summary>
/// Keeps the k best (score, item) pairs seen so far in a sorted array: for the small k a cache
/// asks for (1–10), insertion beats a heap and allocates nothing per candidate.
/// </summary>
internal struct TopK
{
    private readonly float[] _scores;
    private readonly int[] _items;

    public TopK(int k)
    {
        _scores = new float[k];
        _items = new int[k];
        Count = 0;
    }

    public int Count { get; private set; }

    /// <summary>The score a candidate must beat to enter once the list is full.</summary>
    public readonly float Floor => Count < _scores.Length ? float.NegativeInfinity : _scores[Count - 1];

    public void Offer(float score, int item)
    {
        var k = _scores.Length;
        if (Count == k && score <= _scores[k - 1])
        {
            return;
        }

        var position = Count < k ? Count++ : k - 1;
        while (position > 0 && _scores[position - 1] < score)
        {
            _scores[position] = _scores[position - 1];
            _items[position] = _items[position - 1];
            position--;
        }

        _scores[position] = score;
        _items[position] = item;
    }

    public readonly float ScoreAt(int index) => _scores[index];

    public readonly int ItemAt(int index) => _items[index];
}
