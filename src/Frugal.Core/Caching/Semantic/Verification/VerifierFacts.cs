namespace Frugal.Core.Caching.Semantic.Verification;

/// <summary>
/// What <see cref="SemanticVerifier.Analyze"/> found in one text: the details a similarity
/// score glosses over but that change the right answer. A cache analyses each stored query
/// once and keeps these beside it, so verifying a candidate is a cheap comparison.
/// </summary>
public sealed class VerifierFacts
{
    internal VerifierFacts(
        string[] numbers,
        string[] units,
        string[] dates,
        bool negated,
        ulong oppositeLeft,
        ulong oppositeRight,
        string[] entities,
        string[] identifiers,
        string[] questions,
        string[] symbols,
        string[] quoted,
        HashSet<string> words)
    {
        Numbers = numbers;
        Units = units;
        Dates = dates;
        Negated = negated;
        OppositeLeft = oppositeLeft;
        OppositeRight = oppositeRight;
        Entities = entities;
        Identifiers = identifiers;
        Questions = questions;
        Symbols = symbols;
        Quoted = quoted;
        Words = words;
    }

    /// <summary>Numbers and the operators between them, in order ("2 + 3" is 2, +, 3): order matters for 5 − 3.</summary>
    internal string[] Numbers { get; }

    /// <summary>Canonical units and currencies, sorted ("kg", "usd", "%", "day").</summary>
    internal string[] Units { get; }

    /// <summary>Months, weekdays, relative days, ISO dates and times, sorted.</summary>
    internal string[] Dates { get; }

    internal bool Negated { get; }

    /// <summary>Bit p set: the text uses the left (right) word of opposite pair p (before/after, more/less, ...).</summary>
    internal ulong OppositeLeft { get; }

    internal ulong OppositeRight { get; }

    /// <summary>Capitalised names (lower-cased), which the other text must also contain in any case.</summary>
    internal string[] Entities { get; }

    /// <summary>E-mail addresses, URLs, domains and codes such as ABC-123, lower-cased and sorted.</summary>
    internal string[] Identifiers { get; }

    /// <summary>Question words that ask for something different: why (a reason), when, where, who; sorted.</summary>
    internal string[] Questions { get; }

    /// <summary>Operators, brackets and other symbols that carry meaning ("==", "()", "~", "✢"), sorted and distinct.</summary>
    internal string[] Symbols { get; }

    /// <summary>Quoted strings ("…", `…`, '…'), trimmed, lower-cased and sorted.</summary>
    internal string[] Quoted { get; }

    /// <summary>Every word of the text, lower-cased: "Paris" matches "paris" in the other text.</summary>
    internal HashSet<string> Words { get; }
}
