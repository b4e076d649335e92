using Frugal.Core.Caching.Semantic.Embedding;
using Frugal.Core.Caching.Semantic.Verification;

namespace Frugal.Tools.Caching;

/// <summary>
/// Finds the similarity threshold that keeps wrong hits below a target rate on labelled pairs:
/// for each pair the similarity of the two embeddings and the verifier's verdict, then
/// precision and recall at each threshold from 0.50 to 1.00 in steps of 0.01.
/// </summary>
public sealed class ThresholdCalibrator(IEmbedder embedder)
{
    public const int LowestStep = 50;
    public const int HighestStep = 100;

    public Task<CalibrationReport> CalibrateAsync(IReadOnlyList<LabelledPair> pairs, double targetPrecision, CancellationToken cancellationToken) =>
        CalibrateAsync(pairs, targetPrecision, progress: null, cancellationToken);

    /// <summary>As above, telling <paramref name="progress"/> the share of pairs scored (for a progress bar).</summary>
    public async Task<CalibrationReport> CalibrateAsync(IReadOnlyList<LabelledPair> pairs, double targetPrecision, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var similarities = new float[pairs.Count];
        var accepted = new bool[pairs.Count];
        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int rejectedSame = 0, rejectedDifferent = 0;
        for (var i = 0; i < pairs.Count; i++)
        {
            var a = await embedder.EmbedAsync(pairs[i].A, cancellationToken).ConfigureAwait(false);
            var b = await embedder.EmbedAsync(pairs[i].B, cancellationToken).ConfigureAwait(false);
            similarities[i] = System.Numerics.Tensors.TensorPrimitives.Dot(a, b);
            progress?.Report((i + 1) / (double)pairs.Count);
            var verdict = SemanticVerifier.Verify(pairs[i].A, pairs[i].B);
            accepted[i] = verdict.Accepted;
            if (!verdict.Accepted)
            {
                if (pairs[i].Same)
                {
                    rejectedSame++;
                }
                else
                {
                    rejectedDifferent++;
                }

                reasons[verdict.Reason!] = reasons.GetValueOrDefault(verdict.Reason!) + 1;
            }
        }

        var same = 0;
        foreach (var pair in pairs)
        {
            same += pair.Same ? 1 : 0;
        }

        var points = new List<CalibrationPoint>(HighestStep - LowestStep + 1);
        for (var step = LowestStep; step <= HighestStep; step++)
        {
            var threshold = step / 100f;
            int truePositives = 0, falsePositives = 0;
            for (var i = 0; i < pairs.Count; i++)
            {
                if (accepted[i] && Reaches(similarities[i], threshold))
                {
                    if (pairs[i].Same)
                    {
                        truePositives++;
                    }
                    else
                    {
                        falsePositives++;
                    }

                }
            }

            points.Add(new CalibrationPoint(threshold, truePositives, falsePositives, same));
        }

        return new CalibrationReport(points, targetPrecision, pairs.Count, rejectedSame, rejectedDifferent, reasons);
    }

    /// <summary>
    /// Similarity reaches a threshold with float rounding forgiven: two identical texts score
    /// 0.99999994, which must count as 1.00.
    /// </summary>
    public static bool Reaches(float similarity, float threshold) => similarity >= threshold - 1e-5f;
}
