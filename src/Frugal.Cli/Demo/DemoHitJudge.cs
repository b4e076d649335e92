using Frugal.Tools.Caching;

namespace Frugal.Cli.Demo;

/// <summary>
/// Tells whether a cached FAQ answer was right: MockUpstream's answer echoes the question it was written for
/// ("Mock reply from gpt-4o-mini: &lt;first 80 characters&gt;"), so the demo knows that question's Banking77 intent and
/// compares it with the intent of the question asked. A hit for another intent is a wrong answer, which the demo
/// reports through <c>/admin/cache/feedback</c> as a user would.
/// </summary>
public sealed class DemoHitJudge
{
    private const int KeyLength = 60;
    private readonly Dictionary<string, string> _intentByQuestion = new(StringComparer.Ordinal);

    public DemoHitJudge(IReadOnlyList<LabelledText> faq)
    {
        ArgumentNullException.ThrowIfNull(faq);
        foreach (var question in faq)
        {
            _intentByQuestion.TryAdd(Key(question.Text.Trim()), question.Label);
        }
    }

    /// <summary>True/false when the answer's question is known and shares/differs in intent; null when it cannot tell.</summary>
    public bool? SameIntent(DemoOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Request.Intent is not { } asked || outcome.AnswerText is not { } answer)
        {
            return null;
        }

        var colon = answer.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0 || !_intentByQuestion.TryGetValue(Key(answer[(colon + 2)..].Trim()), out var answered))
        {
            return null;
        }

        return answered == asked;
    }

    private static string Key(string text) => text.Length <= KeyLength ? text : text[..KeyLength];
}
