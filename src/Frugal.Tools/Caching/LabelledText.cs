namespace Frugal.Tools.Caching;

/// <summary>A query and its intent label: two queries with the same label can share an answer.</summary>
public readonly record struct LabelledText(string Text, string Label);
