using System.Text.RegularExpressions;

namespace Frugal.Core.Routing.Shadow;

/// <summary>
/// The judging prompt and the parse of its verdict. The judge sees the question, the strong model's
/// answer as a reference and the weak model's answer, and answers YES (the weak answer is good enough)
/// or NO. The parse takes the first standalone yes/no, so "Yes — it is correct." and "NO." both work;
/// anything else is no verdict (the sample is dropped, not guessed).
/// </summary>
public static partial class JudgePrompt
{
    public const string System =
        "You grade answers for a model router. Decide whether the CANDIDATE answer is good enough compared with the REFERENCE answer: "
        + "correct, complete enough for the user, and not misleading. Style and length do not matter. "
        + "Reply with exactly one word: YES if the candidate is good enough, NO otherwise.";

    public static string User(string question, string reference, string candidate)
        => $"QUESTION:\n{question}\n\nREFERENCE (strong model):\n{reference}\n\nCANDIDATE (cheaper model):\n{candidate}\n\nIs the CANDIDATE good enough? Answer YES or NO.";

    /// <summary>True for yes, false for no, null when the reply holds neither.</summary>
    public static bool? Parse(string? reply)
    {
        if (string.IsNullOrWhiteSpace(reply))
        {
            return null;
        }

        var match = Verdict().Match(reply);
        return match.Success ? match.Value.Equals("yes", StringComparison.OrdinalIgnoreCase) : null;
    }

    [GeneratedRegex(@"\b(yes|no)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Verdict();
}
