namespace Frugal.Tools.Compression;

/// <summary>
/// One technique at one target ratio: how many contexts still hold an accepted answer, the ratio actually reached
/// (all tokens before / all tokens after, o200k) and the median time of one compression.
/// </summary>
public sealed record CompressionEvalPoint(string Technique, double TargetRatio, int Contexts, int Retained, double AchievedRatio, double MedianMicroseconds)
{
    public double Retention => Contexts == 0 ? 0 : (double)Retained / Contexts;
}
