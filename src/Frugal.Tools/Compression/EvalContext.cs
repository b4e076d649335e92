namespace Frugal.Tools.Compression;

/// <summary>One long context of the eval: the documents (gold at <see cref="GoldIndex"/> of <see cref="Passages"/>, among hard distractors) and the question.</summary>
public sealed record EvalContext(string Question, IReadOnlyList<string> Answers, string Documents, IReadOnlyList<string> Passages, int GoldIndex, bool IsDev);
