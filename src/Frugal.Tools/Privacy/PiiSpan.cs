namespace Frugal.Tools.Privacy;

/// <summary>A labelled (or predicted) span: entity type and character offsets [Start, End).</summary>
public readonly record struct PiiSpan(string EntityType, int Start, int End);
