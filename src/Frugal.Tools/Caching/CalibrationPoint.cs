namespace Frugal.Tools.Caching;

/// <summary>
/// One threshold of a calibration: a pair is predicted "same" when its similarity reaches the
/// threshold and the verifier accepts it. Precision is 1 when nothing is predicted.
/// </summary>
public sealed record CalibrationPoint(float Threshold, int TruePositives, int FalsePositives, int SamePairs)
{
    public int Predicted => TruePositives + FalsePositives;

    public double Precision => Predicted == 0 ? 1 : (double)TruePositives / Predicted;

    public double Recall => SamePairs == 0 ? 0 : (double)TruePositives / SamePairs;
}
