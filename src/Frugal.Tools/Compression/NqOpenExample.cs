namespace Frugal.Tools.Compression;

/// <summary>One NQ-open question with its accepted answers and its gold passage (title + text).</summary>
public sealed record NqOpenExample(string Question, IReadOnlyList<string> Answers, string Title, string Passage);
