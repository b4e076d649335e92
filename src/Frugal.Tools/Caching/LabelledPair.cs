namespace Frugal.Tools.Caching;

/// <summary>Two texts and whether one's cached answer is right for the other.</summary>
public readonly record struct LabelledPair(string A, string B, bool Same);
