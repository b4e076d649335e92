namespace Frugal.Tools.Privacy;

/// <summary>One labelled text of a PII evaluation set: the text, its gold spans and the template it came from (for the split).</summary>
public sealed record PiiSample(string Text, IReadOnlyList<PiiSpan> Spans, int TemplateId);
