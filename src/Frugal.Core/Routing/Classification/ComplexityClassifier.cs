using System.Globalization;

namespace Frugal.Core.Routing.Classification;

/// <summary>
/// Day-one router for <c>model: "auto"</c>: scores a request from cheap, explainable signals
/// (task keywords in English and Chinese, prompt length, code, maths, several questions, long
/// conversations, tools) and buckets the score into a <see cref="ComplexityTier"/>. No model,
/// no I/O, deterministic; the reason names every signal that contributed so an operator can
/// see why a request went where it did and adjust <see cref="ComplexityRules"/>.
/// </summary>
public sealed class ComplexityClassifier
{
    private readonly ComplexityRules _rules;
    private readonly KeywordMatcher _simple;
    private readonly KeywordMatcher _medium;
    private readonly KeywordMatcher _complex;
    private readonly KeywordMatcher _expert;

    public ComplexityClassifier(ComplexityRules? rules = null)
    {
        _rules = rules ?? new ComplexityRules();
        var problems = _rules.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid complexity rules: " + string.Join(" ", problems), nameof(rules));
        }

        _simple = new KeywordMatcher(_rules.SimpleKeywords);
        _medium = new KeywordMatcher(_rules.MediumKeywords);
        _complex = new KeywordMatcher(_rules.ComplexKeywords);
        _expert = new KeywordMatcher(_rules.ExpertKeywords);
    }

    public ComplexityRules Rules => _rules;

    public ComplexityVerdict Classify(ComplexityInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var message = input.LastUserMessage ?? string.Empty;
        var system = input.SystemPrompt ?? string.Empty;
        var reasons = new List<string>();
        var score = 0.0;

        // Keywords: the request's own wording at full weight, the system prompt's at a fraction.
        var messageHits = Keywords(message);
        var systemHits = system.Length > 0 ? Keywords(system) : new KeywordHits([], [], [], []);
        score += KeywordScore(messageHits, 1.0) + KeywordScore(systemHits, _rules.SystemPromptKeywordFactor);

        AddList(reasons, "keywords", Capped(messageHits.Expert).Concat(Capped(messageHits.Complex)));
        AddList(reasons, "medium", Capped(messageHits.Medium));
        AddList(reasons, "simple task", Capped(messageHits.Simple));
        if (_rules.SystemPromptKeywordFactor > 0)
        {
            AddList(reasons, "system prompt", Capped(systemHits.Expert).Concat(Capped(systemHits.Complex)).Concat(Capped(systemHits.Medium)).Concat(Capped(systemHits.Simple)));
        }

        if (ComplexitySignals.HasCode(message))
        {
            score += _rules.CodeWeight;
            reasons.Add(message.Contains("```", StringComparison.Ordinal) ? "code block" : "code");
        }

        if (ComplexitySignals.HasMaths(message))
        {
            score += _rules.MathsWeight;
            reasons.Add("maths");
        }

        var questions = ComplexitySignals.CountQuestions(message);
        if (questions >= 2)
        {
            score += questions >= _rules.ManyQuestions ? 2 * _rules.MultipleQuestionsWeight : _rules.MultipleQuestionsWeight;
            reasons.Add($"{questions} questions");
        }

        if (input.Turns >= _rules.ManyTurns)
        {
            score += input.Turns >= _rules.VeryManyTurns ? _rules.VeryManyTurnsWeight : _rules.ManyTurnsWeight;
            reasons.Add($"{input.Turns} turns");
        }

        if (input.HasTools)
        {
            score += _rules.ToolsWeight;
            reasons.Add("tools");
        }

        var tokens = EstimatePromptTokens(input);
        score += tokens >= _rules.HugePromptTokens ? _rules.HugePromptWeight
            : tokens >= _rules.VeryLongPromptTokens ? _rules.VeryLongPromptWeight
            : tokens >= _rules.LongPromptTokens ? _rules.LongPromptWeight
            : 0;
        reasons.Add(FormatTokens(tokens));

        score = Math.Round(score, 4);
        var tier = score >= _rules.ExpertThreshold ? ComplexityTier.Expert
            : score >= _rules.ComplexThreshold ? ComplexityTier.Complex
            : score >= _rules.MediumThreshold ? ComplexityTier.Medium
            : ComplexityTier.Simple;
        return new ComplexityVerdict(tier, string.Join("; ", reasons), score);
    }

    /// <summary>
    /// Tokens of the whole prompt: the last message and system prompt measured exactly, the rest
    /// of <see cref="ComplexityInput.TotalPromptChars"/> (earlier turns, which we do not see) at
    /// the CJK share those two texts have, so a Chinese conversation is not under-counted 4×.
    /// </summary>
    public static int EstimatePromptTokens(ComplexityInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var message = input.LastUserMessage ?? string.Empty;
        var system = input.SystemPrompt ?? string.Empty;
        var (messageTokens, messageCjk) = ComplexitySignals.EstimateTokens(message);
        var (systemTokens, systemCjk) = ComplexitySignals.EstimateTokens(system);
        var seen = message.Length + system.Length;
        var rest = Math.Max(0, input.TotalPromptChars - seen);
        var cjkShare = seen == 0 ? 0 : (double)(messageCjk + systemCjk) / seen;
        var restTokens = (rest * cjkShare) + (rest * (1 - cjkShare) / 4);
        return messageTokens + systemTokens + (int)Math.Ceiling(restTokens);
    }

    internal static string FormatTokens(int tokens) => tokens < 1000
        ? string.Create(CultureInfo.InvariantCulture, $"{tokens} tokens")
        : string.Create(CultureInfo.InvariantCulture, $"{tokens / 1000.0:0.0}k tokens");

    private KeywordHits Keywords(string text)
    {
        var words = ComplexitySignals.Words(text);
        var lowered = text.ToLowerInvariant();
        return new KeywordHits(_simple.Find(words, lowered), _medium.Find(words, lowered), _complex.Find(words, lowered), _expert.Find(words, lowered));
    }

    private double KeywordScore(KeywordHits hits, double factor)
    {
        var cap = _rules.MaxKeywordMatchesPerList;
        return factor * ((Math.Min(hits.Simple.Count, cap) * _rules.SimpleKeywordWeight)
            + (Math.Min(hits.Medium.Count, cap) * _rules.MediumKeywordWeight)
            + (Math.Min(hits.Complex.Count, cap) * _rules.ComplexKeywordWeight)
            + (Math.Min(hits.Expert.Count, cap) * _rules.ExpertKeywordWeight));
    }

    // Only the keywords that were scored are named, so the reason adds up to the score.
    private IEnumerable<string> Capped(List<string> hits) => hits.Take(_rules.MaxKeywordMatchesPerList);

    private static void AddList(List<string> reasons, string label, IEnumerable<string> items)
    {
        var list = items.ToList();
        if (list.Count > 0)
        {
            reasons.Add($"{label}: {string.Join(", ", list)}");
        }
    }

    private sealed record KeywordHits(List<string> Simple, List<string> Medium, List<string> Complex, List<string> Expert);
}
