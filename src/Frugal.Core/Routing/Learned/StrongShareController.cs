namespace Frugal.Core.Routing.Learned;

/// <summary>
/// Holds a route's strong-call share on live traffic, whatever that traffic looks like: the
/// threshold on P(weak is good enough) is the <see cref="TargetShare"/> quantile of the last
/// <see cref="Window"/> scores the route saw, so about that share of recent prompts scored below it.
/// A threshold fixed at training time holds its share only on prompts like the training prompts
/// (a router trained on MMLU sent 75 % of an unseen maths workload to the strong model at a
/// threshold set for 30 %); a quantile of the route's own recent scores does not care where the
/// scores sit, only how they are ordered.
/// </summary>
/// <remarks>
/// <para>Warm start: the window begins full of the training score distribution (the model's
/// recorded quantiles, interpolated), so the first decisions use the trained threshold and live
/// scores replace the prior one by one, oldest first (the prior is inserted in an interleaved
/// order, so what is left of it at any moment still spans its whole range). Without recorded
/// quantiles the trained threshold is used until <see cref="MinimumLiveScores"/> live scores are in.</para>
/// <para>Bounded: one ring of <see cref="Window"/> doubles and a sorted copy; a decision is a binary
/// search and one memmove of at most the window (8 KB at 1,000), under a lock held for about a
/// microsecond. Deterministic: the same scores in the same order give the same decisions.</para>
/// </remarks>
public sealed class StrongShareController
{
    /// <summary>Scores the window needs before it decides (a seeded prior counts); until then the trained threshold decides.</summary>
    public const int MinimumLiveScores = 50;

    private readonly Lock _lock = new();
    private readonly double[] _ring;
    private readonly double[] _sorted;
    private readonly double _warmThreshold;
    private int _count;
    private int _next;
    private int _liveScores;
    private long _decisions;
    private long _strongDecisions;

    /// <param name="targetShare">Share of calls to send to the strong model, 0..1.</param>
    /// <param name="window">How many recent scores the quantile is taken over (at least 20).</param>
    /// <param name="warmThreshold">The trained threshold, used until the window can decide.</param>
    /// <param name="prior">Quantiles of the training scores (0 %, 1 %, … 100 %) to seed the window with; null for none.</param>
    public StrongShareController(double targetShare, int window, double warmThreshold, IReadOnlyList<double>? prior)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetShare, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetShare, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 20);
        TargetShare = targetShare;
        Window = window;
        _warmThreshold = warmThreshold;
        _ring = new double[window];
        _sorted = new double[window];
        if (prior is { Count: >= 2 })
        {
            Seed(prior);
        }
    }

    public double TargetShare { get; }

    public int Window { get; }

    /// <summary>Decisions taken by this instance (not restored ones).</summary>
    public long Decisions => Interlocked.Read(ref _decisions);

    /// <summary>Of <see cref="Decisions"/>, how many went to the strong model.</summary>
    public long StrongDecisions => Interlocked.Read(ref _strongDecisions);

    /// <summary>The threshold the next decision would use.</summary>
    public double Threshold
    {
        get
        {
            lock (_lock)
            {
                return CurrentThreshold();
            }
        }
    }

    /// <summary>
    /// Decides one prompt — strong when <paramref name="score"/> (P(weak is good enough)) is below
    /// the current threshold — then adds the score to the window.
    /// </summary>
    public bool Decide(double score, out double threshold)
    {
        if (!double.IsFinite(score))
        {
            threshold = Threshold;
            return false;
        }

        bool strong;
        lock (_lock)
        {
            threshold = CurrentThreshold();
            strong = score < threshold;
            Add(score);
            _liveScores = Math.Min(Window, _liveScores + 1);
        }

        Interlocked.Increment(ref _decisions);
        if (strong)
        {
            Interlocked.Increment(ref _strongDecisions);
        }

        return strong;
    }

    /// <summary>The window, oldest first, and how many of its scores are live ones (for persistence).</summary>
    public (double[] Scores, int LiveScores) Snapshot()
    {
        lock (_lock)
        {
            var scores = new double[_count];
            var start = _count < Window ? 0 : _next;
            for (var i = 0; i < _count; i++)
            {
                scores[i] = _ring[(start + i) % Window];
            }

            return (scores, _liveScores);
        }
    }

    /// <summary>Replaces the window with saved scores (oldest first; the newest <see cref="Window"/> are kept).</summary>
    public void Restore(IReadOnlyList<double> scores, int liveScores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        lock (_lock)
        {
            _count = 0;
            _next = 0;
            for (var i = Math.Max(0, scores.Count - Window); i < scores.Count; i++)
            {
                if (double.IsFinite(scores[i]))
                {
                    Add(scores[i]);
                }
            }

            _liveScores = Math.Clamp(liveScores, 0, _count);
        }
    }

    private double CurrentThreshold()
    {
        if (_count < Math.Min(MinimumLiveScores, Window))
        {
            return _warmThreshold;
        }

        // The k lowest scores go strong: the threshold sits between the k-th and the next.
        var k = (int)Math.Round(TargetShare * _count, MidpointRounding.AwayFromZero);
        return k == 0 ? _sorted[0]
            : k >= _count ? Math.BitIncrement(_sorted[_count - 1])
            : _sorted[k - 1] + ((_sorted[k] - _sorted[k - 1]) / 2);
    }

    private void Add(double score)
    {
        if (_count == Window)
        {
            Remove(_ring[_next]);
        }

        _ring[_next] = score;
        _next = (_next + 1) % Window;
        Insert(score);
    }

    private void Insert(double score)
    {
        var at = Array.BinarySearch(_sorted, 0, _count, score);
        at = at < 0 ? ~at : at;
        Array.Copy(_sorted, at, _sorted, at + 1, _count - at);
        _sorted[at] = score;
        _count++;
    }

    private void Remove(double score)
    {
        var at = Array.BinarySearch(_sorted, 0, _count, score);
        Array.Copy(_sorted, at + 1, _sorted, at, _count - at - 1);
        _count--;
    }

    // Fill the window with the prior distribution: value i of the window is the quantile at
    // position (2i+1)/2W, visited in bit-reversed order so the oldest (first replaced) values
    // are spread over the range instead of being its low end.
    private void Seed(IReadOnlyList<double> prior)
    {
        var bits = 0;
        while ((1 << bits) < Window)
        {
            bits++;
        }

        for (var i = 0; i < (1 << bits); i++)
        {
            var slot = Reverse(i, bits);
            if (slot < Window)
            {
                Add(Interpolate(prior, (slot + 0.5) / Window));
            }
        }
    }

    private static int Reverse(int value, int bits)
    {
        var result = 0;
        for (var b = 0; b < bits; b++)
        {
            result = (result << 1) | ((value >> b) & 1);
        }

        return result;
    }

    private static double Interpolate(IReadOnlyList<double> quantiles, double at)
    {
        var position = at * (quantiles.Count - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(quantiles.Count - 1, low + 1);
        return quantiles[low] + ((quantiles[high] - quantiles[low]) * (position - low));
    }
}
