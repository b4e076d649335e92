namespace Frugal.Tools.Caching;

/// <summary>The precision/recall curve of a labelled pair set and the threshold it recommends.</summary>
public sealed class CalibrationReport
{
    public CalibrationReport(IReadOnlyList<CalibrationPoint> points, double targetPrecision, int pairs, int rejectedSame, int rejectedDifferent, IReadOnlyDictionary<string, int> rejectionReasons)
    {
        Points = points;
        TargetPrecision = targetPrecision;
        Pairs = pairs;
        VerifierRejectedSame = rejectedSame;
        VerifierRejectedDifferent = rejectedDifferent;
        RejectionReasons = rejectionReasons;
        Recommended = Recommend(points, targetPrecision);
    }

    public IReadOnlyList<CalibrationPoint> Points { get; }

    public double TargetPrecision { get; }

    public int Pairs { get; }

    /// <summary>Pairs labelled same that the verifier rejected (hits it cost).</summary>
    public int VerifierRejectedSame { get; }

    /// <summary>Pairs labelled different that the verifier rejected (wrong hits it may have saved).</summary>
    public int VerifierRejectedDifferent { get; }

    public IReadOnlyDictionary<string, int> RejectionReasons { get; }

    /// <summary>
    /// The lowest threshold from which precision stays at or above the target at every higher
    /// step (and that predicts at least one hit), or null when none does. Requiring every higher
    /// step too means a lucky dip in the curve is not taken as safe.
    /// </summary>
    public CalibrationPoint? Recommended { get; }

    private static CalibrationPoint? Recommend(IReadOnlyList<CalibrationPoint> points, double target)
    {
        CalibrationPoint? best = null;
        for (var i = points.Count - 1; i >= 0; i--)
        {
            if (points[i].Precision < target)
            {
                break;
            }

            if (points[i].Predicted > 0)
            {
                best = points[i];
            }
        }

        return best;
    }
}
