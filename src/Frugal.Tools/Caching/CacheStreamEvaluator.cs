using System.Diagnostics;
using System.Numerics.Tensors;
using Frugal.Core.Caching.Semantic.Embedding;
using Frugal.Core.Caching.Semantic.Index;
using Frugal.Core.Caching.Semantic.Verification;

namespace Frugal.Tools.Caching;

/// <summary>
/// Replays a labelled query stream through a semantic cache and measures, per threshold, the hit
/// rate and the precision of hits (a hit is right exactly when the stored query's label equals
/// the query's). Warm rows fill the cache first. Each query's answer is the first of its
/// <see cref="CacheEvalOptions.Candidates"/> nearest entries, best first, that the verifier
/// accepts; it hits at threshold t when that entry's similarity reaches t.
/// Search is exact, so the figures measure the embedder and verifier, not index recall.
/// With <see cref="CacheEvalOptions.Learn"/>, a query that misses at t joins the cache for the
/// queries after it — so the cache differs per threshold. Rather than replay the stream once per
/// threshold, the evaluator precomputes each query's candidates among the warm rows and among
/// the earlier queries once, then every threshold is a cheap merge over those lists.
/// </summary>
public sealed class CacheStreamEvaluator(IEmbedder embedder, CacheEvalOptions? options = null)
{
    // Earlier stream queries kept per query: enough that the best in-cache one is almost always
    // among them (one that hit is not in the cache, and its own match is nearer the front).
    private const int LearnedCandidates = 64;

    private readonly CacheEvalOptions _options = options ?? new CacheEvalOptions();

    /// <summary>Told how far the replay is (0 to 1: embedding, then matching), for a progress bar; never printed from here.</summary>
    public IProgress<double>? Progress { get; init; }

    public async Task<CacheEvalReport> EvaluateAsync(IReadOnlyList<LabelledText> warm, IReadOnlyList<LabelledText> stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warm);
        ArgumentNullException.ThrowIfNull(stream);
        var started = Stopwatch.GetTimestamp();
        var warmVectors = await EmbedAllAsync(warm, cancellationToken).ConfigureAwait(false);
        Progress?.Report(0.4);
        var streamVectors = await EmbedAllAsync(stream, cancellationToken).ConfigureAwait(false);
        Progress?.Report(0.8);
        var embedTime = Stopwatch.GetElapsedTime(started);
        var warmFacts = AnalyzeAll(warm);
        var streamFacts = AnalyzeAll(stream);
        var minimum = _options.LowestStep / 100f;

        // 1. Each query's nearest warm entries (threshold-independent), with the verifier's verdicts.
        var warmCandidates = new Candidate[stream.Count][];
        int nearestRejected = 0, nearestRejectedDifferent = 0;
        var reasons = new SortedDictionary<string, (int Rejected, int DifferentLabel)>(StringComparer.Ordinal);
        var dimensions = warmVectors.Length > 0 ? warmVectors[0].Length : streamVectors.Length > 0 ? streamVectors[0].Length : 1;
        using (var index = new ExactVectorIndex(Math.Max(1, dimensions), Math.Max(16, warm.Count)))
        {
            for (var i = 0; i < warm.Count; i++)
            {
                index.Add(i, warmVectors[i]);
            }

            var matches = new List<VectorMatch>(_options.Candidates);
            for (var q = 0; q < stream.Count; q++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                index.Search(streamVectors[q], _options.Candidates, matches);
                var list = new List<Candidate>(matches.Count);
                foreach (var match in matches)
                {
                    if (match.Score < minimum - 1e-5f)
                    {
                        break;
                    }

                    var entry = (int)match.Id;
                    var verdict = SemanticVerifier.Verify(streamFacts[q], warmFacts[entry]);
                    list.Add(new Candidate(match.Score, entry, FromStream: false, verdict.Accepted, warm[entry].Label == stream[q].Label));
                    if (list.Count == 1 && !verdict.Accepted)
                    {
                        var different = warm[entry].Label == stream[q].Label ? 0 : 1;
                        nearestRejected++;
                        nearestRejectedDifferent += different;
                        var (rejected, differentLabel) = reasons.GetValueOrDefault(verdict.Reason!);
                        reasons[verdict.Reason!] = (rejected + 1, differentLabel + different);
                    }
                }

                warmCandidates[q] = [.. list];
            }
        }

        // 2. With learning: each query's nearest earlier queries, best first.
        var learnedCandidates = _options.Learn ? EarlierCandidates(stream, streamVectors, streamFacts, minimum, cancellationToken) : null;

        // 3. Replay once per threshold over the precomputed lists.
        var points = new List<CacheEvalPoint>();
        var inCache = new bool[stream.Count];
        for (var step = _options.LowestStep; step <= _options.HighestStep; step++)
        {
            var threshold = step / 100f;
            Array.Clear(inCache);
            int hits = 0, correct = 0;
            for (var q = 0; q < stream.Count; q++)
            {
                var answer = FirstAccepted(warmCandidates[q], learnedCandidates?[q], inCache);
                if (answer is { } hit && ThresholdCalibrator.Reaches(hit.Score, threshold))
                {
                    hits++;
                    correct += hit.SameLabel ? 1 : 0;
                }
                else
                {
                    inCache[q] = _options.Learn;
                }
            }

            points.Add(new CacheEvalPoint(threshold, hits, correct, stream.Count));
        }

        return new CacheEvalReport(points, warm.Count, stream.Count, _options.Learn, nearestRejected, nearestRejectedDifferent, reasons, embedTime);
    }

    /// <summary>Merges the two best-first lists (skipping earlier queries not in the cache) and returns the first accepted of the top k.</summary>
    private Candidate? FirstAccepted(Candidate[] warm, Candidate[]? learned, bool[] inCache)
    {
        int w = 0, l = 0, seen = 0;
        while (seen < _options.Candidates)
        {
            while (learned is not null && l < learned.Length && !inCache[learned[l].Entry])
            {
                l++;
            }

            var takeWarm = w < warm.Length && (learned is null || l >= learned.Length || warm[w].Score >= learned[l].Score);
            Candidate next;
            if (takeWarm)
            {
                next = warm[w++];
            }
            else if (learned is not null && l < learned.Length)
            {
                next = learned[l++];
            }
            else
            {
                return null;
            }

            seen++;
            if (next.Accepted)
            {
                return next;
            }
        }

        return null;
    }

    private static Candidate[][] EarlierCandidates(IReadOnlyList<LabelledText> stream, float[][] vectors, VerifierFacts[] facts, float minimum, CancellationToken cancellationToken)
    {
        var result = new Candidate[stream.Count][];
        var scored = new List<(float Score, int Entry)>();
        for (var q = 0; q < stream.Count; q++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            scored.Clear();
            for (var j = 0; j < q; j++)
            {
                var score = TensorPrimitives.Dot(vectors[q], vectors[j]);
                if (score >= minimum - 1e-5f)
                {
                    scored.Add((score, j));
                }
            }

            scored.Sort(static (a, b) => b.Score.CompareTo(a.Score));
            var count = Math.Min(scored.Count, LearnedCandidates);
            var list = new Candidate[count];
            for (var i = 0; i < count; i++)
            {
                var (score, entry) = scored[i];
                list[i] = new Candidate(score, entry, FromStream: true, SemanticVerifier.Verify(facts[q], facts[entry]).Accepted, stream[entry].Label == stream[q].Label);
            }

            result[q] = list;
        }

        return result;
    }

    private async Task<float[][]> EmbedAllAsync(IReadOnlyList<LabelledText> rows, CancellationToken cancellationToken)
    {
        if (embedder is ILocalEmbedder local)
        {
            var texts = new string[rows.Count];
            for (var i = 0; i < rows.Count; i++)
            {
                texts[i] = rows[i].Text;
            }

            return local.EmbedMany(texts); // a transformer batches: about 3x the throughput
        }

        var vectors = new float[rows.Count][];
        for (var i = 0; i < rows.Count; i++)
        {
            vectors[i] = await embedder.EmbedAsync(rows[i].Text, cancellationToken).ConfigureAwait(false);
        }

        return vectors;
    }

    private static VerifierFacts[] AnalyzeAll(IReadOnlyList<LabelledText> rows)
    {
        var facts = new VerifierFacts[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            facts[i] = SemanticVerifier.Analyze(rows[i].Text);
        }

        return facts;
    }

    private readonly record struct Candidate(float Score, int Entry, bool FromStream, bool Accepted, bool SameLabel);
}
