using System.Diagnostics;
using Frugal.Core.Caching.Semantic.Embedding;
using Frugal.Core.Compression;
using Frugal.Core.Text;

namespace Frugal.Tools.Compression;

/// <summary>
/// Compresses every eval context with each technique at each target ratio and checks answer retention: truncation
/// (keep the first tokens — the baseline), query-aware selection as the gateway runs it (BM25 of sentences plus their
/// passage), selection by sentence score alone (to show what the passage term adds), optionally the hybrid scorer (BM25 +
/// minilm cosine on BM25's best paragraphs), and lossless compaction (no target: its own ratio). History reduction does not apply to single-turn questions and is tested separately.
/// </summary>
public sealed class CompressionEvaluator(CompressionEvalOptions options)
{
    private readonly O200kTokenCounter _counter = O200kTokenCounter.Instance;

    public string Parameters => $"k1 {Selection.K1:0.##}, b {Selection.B:0.##}, passage weight {Selection.PassageWeight:0.##}"
        + (options.Hybrid ? $"; hybrid: minilm, {Candidates} candidates, cosine weight {string.Join(" / ", Weights)}" : string.Empty);

    private int Candidates => options.Candidates ?? new QueryAwareSelection().Candidates;

    private IReadOnlyList<double> Weights => options.CosineWeights is { Count: > 0 } weights ? weights : [new QueryAwareSelection().CosineWeight];

    /// <summary>
    /// One minilm embedder for every hybrid row, memoized: BM25's candidates do not depend on the ratio or the weight,
    /// so each paragraph is embedded once per run. The rows' times therefore leave most embedding out (the benchmark
    /// measures the stage's real latency).
    /// </summary>
    private Frugal.Tools.Caching.MemoizedEmbedder Embedder => field ??= new(TransformerEmbedder.Load(TransformerModelSpec.MiniLm));

    private QueryAwareSelection Selection { get; } = new()
    {
        K1 = options.K1 ?? QueryAwareSelection.Default.K1,
        B = options.B ?? QueryAwareSelection.Default.B,
        PassageWeight = options.PassageWeight ?? QueryAwareSelection.Default.PassageWeight,
    };

    public List<CompressionEvalPoint> Run(IReadOnlyList<EvalContext> contexts, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        var sentencesOnly = new QueryAwareSelection { K1 = Selection.K1, B = Selection.B, PassageWeight = 0 };
        var tokens = new int[contexts.Count];
        for (var i = 0; i < contexts.Count; i++)
        {
            tokens[i] = _counter.CountTokens(contexts[i].Documents);
        }

        var points = new List<CompressionEvalPoint>();
        foreach (var ratio in options.Ratios)
        {
            points.Add(Measure("truncation", ratio, contexts, tokens, (c, target, _) => _counter.Prefix(c.Documents, target)));
            points.Add(Measure("select (default)", ratio, contexts, tokens, (c, target, total) => Selection.Select(c.Documents, LexicalQuery.Parse(c.Question), target, total, _counter)));
            foreach (var weight in options.Hybrid ? Weights : [])
            {
                var hybrid = new QueryAwareSelection { K1 = Selection.K1, B = Selection.B, PassageWeight = Selection.PassageWeight, Embedder = Embedder, CosineWeight = weight, Candidates = Candidates };
                points.Add(Measure(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"select, hybrid w {weight:0.##}"), ratio, contexts, tokens, (c, target, total) => hybrid.Select(c.Documents, LexicalQuery.Parse(c.Question), target, total, _counter)));
            }

            points.Add(Measure("select, sentence score only", ratio, contexts, tokens, (c, target, total) => sentencesOnly.Select(c.Documents, LexicalQuery.Parse(c.Question), target, total, _counter)));
            progress?.Report(points.Count / (3.0 * options.Ratios.Count + 1));
        }

        points.Add(Measure("lossless", 1, contexts, tokens, (c, _, _) => LosslessCompaction.Compact(c.Documents)));
        progress?.Report(1);
        return points;
    }

    private CompressionEvalPoint Measure(string technique, double ratio, IReadOnlyList<EvalContext> contexts, int[] tokens, Func<EvalContext, int, int, string> compress)
    {
        var retained = 0;
        long before = 0;
        long after = 0;
        var times = new double[contexts.Count];
        for (var i = 0; i < contexts.Count; i++)
        {
            var context = contexts[i];
            var target = (int)Math.Max(1, tokens[i] / ratio);
            var started = Stopwatch.GetTimestamp();
            var compressed = compress(context, target, tokens[i]);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            before += tokens[i];
            after += _counter.CountTokens(compressed);
            if (AnswerMatch.ContainsAny(AnswerMatch.Normalize(compressed), context.Answers))
            {
                retained++;
            }
        }

        Array.Sort(times);
        var median = times.Length == 0 ? 0 : times[times.Length / 2];
        return new CompressionEvalPoint(technique, ratio, contexts.Count, retained, after == 0 ? 0 : (double)before / after, median);
    }
}
