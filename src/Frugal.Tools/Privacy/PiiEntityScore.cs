namespace Frugal.Tools.Privacy;

/// <summary>Counts and scores of one entity type (or "overall": micro-averaged over the supported types).</summary>
public sealed record PiiEntityScore(string EntityType, int Gold, int TruePositives, int FalsePositives, int FalseNegatives)
{
    /// <summary>Right predictions whose span is exactly the labelled one (the rest overlap it only in part).</summary>
    public int ExactBoundaries { get; init; }

    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

    public double F1 => FScore(1);

    public double F2 => FScore(2);

    private double FScore(double beta)
    {
        var p = Precision;
        var r = Recall;
        var b2 = beta * beta;
        return p + r == 0 ? 0 : (1 + b2) * p * r / ((b2 * p) + r);
    }
}
