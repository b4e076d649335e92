namespace Frugal.Tools.Compression;

/// <summary>One long context of the eval: the documents (gold at <see cref="GoldIndex"/> among hard distractors) and the question.</summary>
public sealed record EvalContext(string Question, IReadOnlyList<string> Answers, string Documents, int GoldIndex, bool IsDev);
