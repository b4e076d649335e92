namespace Frugal.Core.Caching.Semantic.Verification;

/// <summary>
/// The guard after the similarity search: two texts can be 0.95 similar and still need
/// different answers ("what is 2+3" / "what is 2+4", "can I cancel" / "can't I cancel",
/// "flights to Paris" / "flights to London"). The verifier rejects a pair when the texts differ in
/// numbers (digits, decimals, number words, ordinals, operators, in order), units and currencies,
/// dates and times, negation (English, Chinese 不/没/别/未, Japanese ない/ません, Korean), opposite
/// words (before/after, more/less, min/max, first/last, send/receive, ...), question words (why,
/// when, where, who: "why do I need to verify" is not "what do I need"), identifiers (e-mails,
/// URLs, codes such as ABC-123, snake_case and dotted.names, --flags), symbols that carry meaning
/// ("= vs ==", "() vs []", "~", "✢"; not prose punctuation), quoted strings, or names (a
/// capitalised or camelCase word in one text that the other lacks, in any case).
/// It only ever turns a hit into a miss, never the reverse: better a miss than a wrong hit.
/// </summary>
public static class SemanticVerifier
{
    public const string NumbersDiffer = "numbers differ";
    public const string UnitsDiffer = "units or currencies differ";
    public const string DatesDiffer = "dates or times differ";
    public const string NegationDiffers = "negation differs";
    public const string OppositesDiffer = "opposite words";
    public const string IdentifiersDiffer = "identifiers differ (e-mails, URLs, codes)";
    public const string EntitiesDiffer = "names differ";
    public const string QuestionsDiffer = "question words differ (why/when/where/who)";
    public const string SymbolsDiffer = "symbols differ (operators, brackets, signs)";
    public const string QuotedDiffer = "quoted text differs";

    /// <summary>Finds the facts of one text; a cache keeps them beside the stored query.</summary>
    public static VerifierFacts Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return VerifierFactsBuilder.Build(text);
    }

    public static VerifierResult Verify(string query, string candidate) => Verify(Analyze(query), Analyze(candidate));

    public static VerifierResult Verify(VerifierFacts query, VerifierFacts candidate)
    {
        if (query.Negated != candidate.Negated)
        {
            return VerifierResult.Reject(NegationDiffers);
        }

        if (!query.Numbers.AsSpan().SequenceEqual(candidate.Numbers))
        {
            return VerifierResult.Reject(NumbersDiffer);
        }

        if (!query.Units.AsSpan().SequenceEqual(candidate.Units))
        {
            return VerifierResult.Reject(UnitsDiffer);
        }

        if (!query.Dates.AsSpan().SequenceEqual(candidate.Dates))
        {
            return VerifierResult.Reject(DatesDiffer);
        }

        if (!query.Identifiers.AsSpan().SequenceEqual(candidate.Identifiers))
        {
            return VerifierResult.Reject(IdentifiersDiffer);
        }

        if (!query.Symbols.AsSpan().SequenceEqual(candidate.Symbols))
        {
            return VerifierResult.Reject(SymbolsDiffer);
        }

        if (!query.Quoted.AsSpan().SequenceEqual(candidate.Quoted))
        {
            return VerifierResult.Reject(QuotedDiffer);
        }

        if (!query.Questions.AsSpan().SequenceEqual(candidate.Questions))
        {
            return VerifierResult.Reject(QuestionsDiffer);
        }

        if (OppositePair(query, candidate) is { } pair)
        {
            return VerifierResult.Reject($"{OppositesDiffer} ({pair})");
        }

        if (!Covered(query.Entities, candidate.Words) || !Covered(candidate.Entities, query.Words))
        {
            return VerifierResult.Reject(EntitiesDiffer);
        }

        return VerifierResult.Accept;
    }

    // A pair counts only when both texts use it and differently: "send" vs "receive" rejects,
    // "send" vs a text with neither word is left to the similarity score.
    private static string? OppositePair(VerifierFacts a, VerifierFacts b)
    {
        var used = (a.OppositeLeft | a.OppositeRight) & (b.OppositeLeft | b.OppositeRight);
        var differ = used & ((a.OppositeLeft ^ b.OppositeLeft) | (a.OppositeRight ^ b.OppositeRight));
        if (differ == 0)
        {
            return null;
        }

        return VerifierLexicon.Opposites[System.Numerics.BitOperations.TrailingZeroCount(differ)].Name;
    }

    private static bool Covered(string[] entities, HashSet<string> words)
    {
        foreach (var entity in entities)
        {
            if (!words.Contains(entity))
            {
                return false;
            }
        }

        return true;
    }
}
