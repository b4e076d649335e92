using System.Globalization;
using Frugal.Core.Caching.Semantic.Embedding;

namespace Frugal.Core.Caching.Semantic.Verification;

/// <summary>Walks the tokens of one text and collects its <see cref="VerifierFacts"/>.</summary>
internal sealed partial class VerifierFactsBuilder
{
    private readonly List<string> _numbers = [];
    private readonly SortedSet<string> _units = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _dates = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _entities = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _identifiers = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _questions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _words = new(StringComparer.Ordinal);
    private bool _negated;
    private ulong _left;
    private ulong _right;

    public static VerifierFacts Build(string text)
    {
        var identifiers = new List<string>();
        var symbols = new SortedSet<string>(StringComparer.Ordinal);
        var quoted = new SortedSet<string>(StringComparer.Ordinal);
        VerifierSymbols.CollectQuoted(text, quoted);
        var tokens = VerifierTokenizer.Tokenize(text, identifiers, symbols);
        var builder = new VerifierFactsBuilder();
        foreach (var identifier in identifiers)
        {
            builder._identifiers.Add(identifier);
        }

        builder.Walk(tokens);
        return new VerifierFacts(
            [.. builder._numbers], [.. builder._units], [.. builder._dates], builder._negated, builder._left, builder._right,
            [.. builder._entities], [.. builder._identifiers], [.. builder._questions], [.. symbols], [.. quoted], builder._words);
    }

    private void Walk(List<VerifierToken> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            switch (token.Kind)
            {
                case VerifierTokenKind.Number:
                    i = OnNumber(tokens, i);
                    break;
                case VerifierTokenKind.Symbol:
                    OnSymbol(tokens, i);
                    break;
                case VerifierTokenKind.Date:
                    _dates.Add(token.Text);
                    break;
                case VerifierTokenKind.Code:
                    _identifiers.Add(token.Text);
                    break;
                case VerifierTokenKind.Cjk:
                    OnCjk(token.Text);
                    break;
                default:
                    i = OnWord(tokens, i);
                    break;
            }
        }
    }

    private int OnNumber(List<VerifierToken> tokens, int i)
    {
        var text = tokens[i].Text;
        // "3 pm", "10 am": a clock time, not the number 3.
        if (i + 1 < tokens.Count && tokens[i + 1] is { Kind: VerifierTokenKind.Word, Text: "am" or "pm" } meridiem && !text.StartsWith('#')
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var hour) && hour is >= 1 and <= 12)
        {
            _dates.Add(VerifierTokenizer.Clock(text, "00", meridiem.Text));
            return i + 1;
        }

        // "5k", "2 bn": thousands and billions written short.
        if (i + 1 < tokens.Count && tokens[i + 1] is { Kind: VerifierTokenKind.Word, Text: "k" or "bn" } scale
            && decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            _numbers.Add(VerifierTokenizer.Canonical((value * (scale.Text == "k" ? 1_000m : 1_000_000_000m)).ToString(CultureInfo.InvariantCulture)));
            return i + 1;
        }

        _numbers.Add(text);
        return i;
    }

    private void OnSymbol(List<VerifierToken> tokens, int i)
    {
        var symbol = tokens[i].Text;
        if (symbol.Length == 1 && VerifierLexicon.UnitSymbols.TryGetValue(symbol[0], out var unit))
        {
            // "°C" / "°F": the degree sign takes the scale letter after it.
            if (unit == "°" && i + 1 < tokens.Count && tokens[i + 1] is { Kind: VerifierTokenKind.Word, Text: "c" or "f" } scale)
            {
                unit = "°" + scale.Text;
            }

            _units.Add(unit);
            return;
        }

        var previousIsNumber = i > 0 && tokens[i - 1].Kind == VerifierTokenKind.Number;
        var nextIsNumber = i + 1 < tokens.Count && tokens[i + 1].Kind == VerifierTokenKind.Number;
        if (symbol == "-" ? nextIsNumber : previousIsNumber || nextIsNumber)
        {
            _numbers.Add(symbol);
        }
    }

    private int OnWord(List<VerifierToken> tokens, int i)
    {
        var token = tokens[i];
        var word = token.Text;
        _words.Add(word);
        var afterNumber = i > 0 && tokens[i - 1].Kind == VerifierTokenKind.Number;
        var beforeNumber = i + 1 < tokens.Count && tokens[i + 1].Kind == VerifierTokenKind.Number;

        if (VerifierLexicon.Negations.Contains(word) || word.EndsWith("n't", StringComparison.Ordinal))
        {
            _negated = true;
            return i;
        }

        if (IsNumberWord(word) && TryReadNumberWords(tokens, i, out var value, out var last))
        {
            _numbers.Add(value.ToString(CultureInfo.InvariantCulture));
            for (var j = i + 1; j <= last; j++)
            {
                _words.Add(tokens[j].Text);
            }

            return last;
        }

        if (VerifierLexicon.Ordinals.TryGetValue(word, out var ordinal) && !(word == "second" && afterNumber))
        {
            _numbers.Add(ordinal);
            AddOpposite(word);
            return i;
        }

        if (afterNumber && VerifierLexicon.OperatorWords.TryGetValue(word, out var op))
        {
            _numbers.Add(op);
            return i;
        }

        if (VerifierLexicon.Units.TryGetValue(word, out var unit) || (afterNumber && VerifierLexicon.UnitsAfterNumber.TryGetValue(word, out unit)))
        {
            _units.Add(unit);
            return i;
        }

        if (VerifierLexicon.Dates.TryGetValue(word, out var date)
            || (VerifierLexicon.AmbiguousDates.TryGetValue(word, out date) && (afterNumber || beforeNumber || (token.Capitalised && !token.SentenceStart))))
        {
            _dates.Add(date);
            return i;
        }

        if (VerifierLexicon.QuestionWords.TryGetValue(word, out var question))
        {
            _questions.Add(question);
            return i;
        }

        AddOpposite(word);
        if (IsEntity(token))
        {
            _entities.Add(word);
        }

        return i;
    }

    private void AddOpposite(string word)
    {
        if (VerifierLexicon.OppositeIndex.TryGetValue(word, out var opposite))
        {
            if (opposite.Left)
            {
                _left |= 1UL << opposite.Pair;
            }
            else
            {
                _right |= 1UL << opposite.Pair;
            }
        }
    }

    /// <summary>
    /// A name: capitalised mid-sentence, ALL CAPS (ATM, USA), mixed case (iPhone, eBay), or
    /// capitalised at a sentence start unless it is a common sentence opener ("How", "Please").
    /// </summary>
    private static bool IsEntity(VerifierToken token)
    {
        if (!token.Capitalised && !token.MixedCase)
        {
            return false;
        }

        if (token.Text is "i" or "i'm" or "i've" or "i'd" or "i'll" or "ok" or "okay")
        {
            return false;
        }

        if (token.AllCaps || token.MixedCase || !token.SentenceStart)
        {
            return true;
        }

        return !VerifierLexicon.SentenceStarters.Contains(token.Text) && !StopWords.Contains(token.Text);
    }

    private static bool IsNumberWord(string word) =>
        VerifierLexicon.SmallNumbers.ContainsKey(word) || VerifierLexicon.Multipliers.ContainsKey(word);

    /// <summary>
    /// "twenty five" → 25, "two hundred and five" → 205, "a dozen" → 12. A lone "one" is not a
    /// number ("which one", "one of my cards"); with other number words it is.
    /// </summary>
    private static bool TryReadNumberWords(List<VerifierToken> tokens, int start, out long value, out int last)
    {
        long total = 0, current = 0;
        var words = 0;
        var onlyOne = true;
        last = start;
        for (var j = start; j < tokens.Count && tokens[j].Kind == VerifierTokenKind.Word; j++)
        {
            var word = tokens[j].Text;
            if (VerifierLexicon.SmallNumbers.TryGetValue(word, out var small))
            {
                current += small;
            }
            else if (VerifierLexicon.Multipliers.TryGetValue(word, out var multiplier))
            {
                if (multiplier == 100)
                {
                    current = Math.Max(current, 1) * 100;
                }
                else
                {
                    total += Math.Max(current, 1) * multiplier;
                    current = 0;
                }
            }
            else if (word == "and" && words > 0 && j + 1 < tokens.Count && IsNumberWord(tokens[j + 1].Text))
            {
                continue;
            }
            else
            {
                break;
            }

            onlyOne &= word == "one";
            words++;
            last = j;
        }

        value = total + current;
        return words > 0 && !(onlyOne && words == 1);
    }
}
