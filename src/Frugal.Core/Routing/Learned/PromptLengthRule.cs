namespace Frugal.Core.Routing.Learned;

/// <summary>
/// The prompt-length baseline as a score on the learned router's scale: a number in (0, 1] that
/// falls as the prompt grows, read like P(weak is good enough). Only its order matters — the
/// threshold is a quantile of these scores — so any strictly decreasing function would do.
/// </summary>
public static class PromptLengthRule
{
    public static double WeakGoodScore(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return 1 / (1 + Math.Log(1 + prompt.Length));
    }
}
