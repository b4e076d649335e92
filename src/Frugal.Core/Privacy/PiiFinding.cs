namespace Frugal.Core.Privacy;

/// <summary>One detected value: where it is in the text, what it is, and how sure the detector is (0–1, Presidio's scale).</summary>
public readonly record struct PiiFinding(int Start, int Length, PiiEntityType Entity, double Score)
{
    public int End => Start + Length;
}
