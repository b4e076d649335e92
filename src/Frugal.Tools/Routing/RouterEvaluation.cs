namespace Frugal.Tools.Routing;

/// <summary>
/// A router's cost/quality curve on a scored test set and the metrics of the RouteLLM paper
/// (Ong et al., 2024): APGR, the area under the PGR curve over the strong-call share in [0, 1]
/// (trapezoid rule), and CPT(p), the smallest strong-call share whose PGR reaches p.
/// </summary>
/// <remarks>
/// The curve is piecewise linear between its points. Prompts with equal scores are one point
/// (a threshold cannot split them), and the straight segment across them is exactly the
/// expected curve when ties are broken at random; so a router that gives every prompt the same
/// score — random routing — scores APGR = 0.5 and CPT(p) = p. CPT interpolates inside a
/// segment, which differs from reading the discrete thresholds by less than one prompt's share.
/// PGR is undefined when the strong model is not more accurate than the weak one on the set;
/// then <see cref="Apgr"/> and CPT are NaN.
/// </remarks>
public sealed class RouterEvaluation
{
    internal RouterEvaluation(int count, double weakAccuracy, double strongAccuracy, IReadOnlyList<CurvePoint> curve)
    {
        Count = count;
        WeakAccuracy = weakAccuracy;
        StrongAccuracy = strongAccuracy;
        Curve = curve;
        Apgr = GapDefined ? Area(curve) : double.NaN;
    }

    /// <summary>Number of prompts evaluated.</summary>
    public int Count { get; }

    /// <summary>Accuracy when every call goes to the weak model.</summary>
    public double WeakAccuracy { get; }

    /// <summary>Accuracy when every call goes to the strong model.</summary>
    public double StrongAccuracy { get; }

    /// <summary>Whether the strong model beats the weak one here, so that PGR means something.</summary>
    public bool GapDefined => StrongAccuracy > WeakAccuracy;

    /// <summary>The curve from share 0 to share 1, in increasing share.</summary>
    public IReadOnlyList<CurvePoint> Curve { get; }

    public double Apgr { get; }

    public double Cpt50 => Cpt(0.5);

    public double Cpt80 => Cpt(0.8);

    /// <summary>Accuracy at strong-call share <paramref name="share"/> (interpolated between points).</summary>
    public double AccuracyAt(double share)
    {
        share = Math.Clamp(share, 0, 1);
        for (var i = 1; i < Curve.Count; i++)
        {
            var (a, b) = (Curve[i - 1], Curve[i]);
            if (share <= b.StrongShare)
            {
                var t = b.StrongShare > a.StrongShare ? (share - a.StrongShare) / (b.StrongShare - a.StrongShare) : 1;
                return a.Accuracy + (t * (b.Accuracy - a.Accuracy));
            }
        }

        return Curve[^1].Accuracy;
    }

    /// <summary>Call-performance threshold: the smallest strong-call share whose PGR reaches <paramref name="gapRecovered"/>.</summary>
    public double Cpt(double gapRecovered)
    {
        if (!GapDefined)
        {
            return double.NaN;
        }

        if (Curve[0].Pgr >= gapRecovered)
        {
            return Curve[0].StrongShare;
        }

        for (var i = 1; i < Curve.Count; i++)
        {
            var (a, b) = (Curve[i - 1], Curve[i]);
            if (b.Pgr >= gapRecovered)
            {
                return a.StrongShare + ((gapRecovered - a.Pgr) / (b.Pgr - a.Pgr) * (b.StrongShare - a.StrongShare));
            }
        }

        return double.NaN; // only for a target above 1: PGR is 1 at share 1
    }

    /// <summary>The smallest strong-call share whose accuracy reaches <paramref name="accuracy"/> (interpolated), or NaN if none does.</summary>
    public double ShareForAccuracy(double accuracy)
    {
        if (Curve[0].Accuracy >= accuracy)
        {
            return 0;
        }

        for (var i = 1; i < Curve.Count; i++)
        {
            var (a, b) = (Curve[i - 1], Curve[i]);
            if (b.Accuracy >= accuracy)
            {
                return a.StrongShare + ((accuracy - a.Accuracy) / (b.Accuracy - a.Accuracy) * (b.StrongShare - a.StrongShare));
            }
        }

        return double.NaN;
    }

    private static double Area(IReadOnlyList<CurvePoint> curve)
    {
        var area = 0.0;
        for (var i = 1; i < curve.Count; i++)
        {
            area += (curve[i].StrongShare - curve[i - 1].StrongShare) * (curve[i].Pgr + curve[i - 1].Pgr) / 2;
        }

        return area;
    }
}
