using System.Globalization;
using System.Text.RegularExpressions;
using Frugal.Core.Text;

namespace Frugal.Core.Caching.Semantic.Verification;

/// <summary>
/// Splits a text for <see cref="SemanticVerifier"/>: e-mails, URLs and domains first (kept
/// whole as identifiers), then words, numbers (1,000 / 2.5 / 3-5), ISO dates, clock times,
/// number+suffix forms (5kg, 3pm, 2nd), codes mixing letters and digits (ABC-123, GPT-4o),
/// symbols (+ % $ °) and runs of Han/kana/Hangul.
/// </summary>
internal static partial class VerifierTokenizer
{
    private const string Joiners = "'’.,-_:/";

    public static List<VerifierToken> Tokenize(string text, List<string> identifiers, SortedSet<string> symbols)
    {
        text = TakeIdentifiers(text, identifiers);
        text = MeridiemPattern().Replace(text, static m => char.IsUpper(m.Value[0]) ? m.Value[0] + "M" : m.Value[0] + "m");
        var tokens = new List<VerifierToken>();
        var sentenceStart = true;
        var i = 0;
        while (i < text.Length)
        {
            var c = TextFolding.FoldWidth(text[i]);
            if (Scripts.IsCjk(c))
            {
                var start = i;
                while (i < text.Length && Scripts.IsCjk(TextFolding.FoldWidth(text[i])))
                {
                    i++;
                }

                tokens.Add(new VerifierToken(VerifierTokenKind.Cjk, Fold(text.AsSpan(start, i - start)), SentenceStart: sentenceStart));
                sentenceStart = false;
                continue;
            }

            if (char.IsLetterOrDigit(c) || (c == '_' && i + 1 < text.Length && (IsRunChar(text[i + 1]) || text[i + 1] == '_')))
            {
                var start = i;
                while (i < text.Length && (IsRunChar(TextFolding.FoldWidth(text[i])) || text[i] == '_' || IsJoinerAt(text, i)))
                {
                    i++;
                }

                Classify(text.AsSpan(start, i - start), sentenceStart, tokens);
                sentenceStart = false;
                continue;
            }

            if (VerifierSymbols.FlagEnd(text, i) is var flagEnd and > 0)
            {
                tokens.Add(new VerifierToken(VerifierTokenKind.Code, Fold(text.AsSpan(i, flagEnd - i))));
                i = flagEnd;
                continue;
            }

            if (VerifierSymbols.IsRunChar(c))
            {
                var start = i;
                var afterNumber = tokens.Count > 0 && tokens[^1].Kind == VerifierTokenKind.Number;
                do
                {
                    sentenceStart |= OnSymbolChar(TextFolding.FoldWidth(text[i]), tokens);
                    i++;
                }
                while (i < text.Length && VerifierSymbols.IsRunChar(TextFolding.FoldWidth(text[i])) && VerifierSymbols.FlagEnd(text, i) < 0);

                VerifierSymbols.AddRun(text, start, i, afterNumber, symbols);
                continue;
            }

            sentenceStart |= c is '\n' or '\r';
            i++;
        }

        return tokens;
    }

    // Sentence ends start a sentence; currency, percent and operator signs become tokens for the
    // numbers and units. Returns true at a sentence end.
    private static bool OnSymbolChar(char c, List<VerifierToken> tokens)
    {
        if (c is '.' or '!' or '?' or '。' or '！' or '？' or '•')
        {
            return true;
        }

        if (VerifierLexicon.UnitSymbols.ContainsKey(c) || c is '+' or '-' or '−' or '*' or '×' or '÷' or '/' or '=' or '^' or '<' or '>')
        {
            tokens.Add(new VerifierToken(VerifierTokenKind.Symbol, c switch { '−' => "-", '×' => "*", '÷' => "/", _ => c.ToString() }));
        }

        return false;
    }

    private static bool IsRunChar(char c) => char.IsLetterOrDigit(c) && !Scripts.IsCjk(c);

    // Dotted names join ASCII names only ("os.path.join", "np.array"), so prose in other scripts keeps its full stops.
    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    // A joiner belongs to a run only between two run characters: "can't", "1,000", "ABC-123", "10:30".
    private static bool IsJoinerAt(string text, int i)
    {
        var c = TextFolding.FoldWidth(text[i]);
        if (!Joiners.Contains(c, StringComparison.Ordinal) || i == 0 || i + 1 >= text.Length)
        {
            return false;
        }

        var before = TextFolding.FoldWidth(text[i - 1]);
        var after = TextFolding.FoldWidth(text[i + 1]);
        return c switch
        {
            '\'' or '’' => char.IsLetter(before) && char.IsLetter(after),
            '.' => (char.IsDigit(before) && char.IsDigit(after)) || (IsNameChar(before) && (char.IsAsciiLetter(after) || after == '_')),
            ',' or ':' or '/' => char.IsDigit(before) && char.IsDigit(after),
            _ => IsRunChar(before) && IsRunChar(after),
        };
    }

    private static void Classify(ReadOnlySpan<char> raw, bool sentenceStart, List<VerifierToken> tokens)
    {
        var text = Fold(raw);
        bool hasLetter = false, hasDigit = false;
        foreach (var c in text)
        {
            hasLetter |= char.IsLetter(c);
            hasDigit |= char.IsDigit(c);
        }

        if (!hasDigit)
        {
            AddWords(raw, text, sentenceStart, tokens);
            return;
        }

        if (IsoDatePattern().Match(text) is { Success: true } iso)
        {
            tokens.Add(new VerifierToken(VerifierTokenKind.Date, string.Create(CultureInfo.InvariantCulture,
                $"{iso.Groups[1].Value}-{int.Parse(iso.Groups[2].Value, CultureInfo.InvariantCulture)}-{int.Parse(iso.Groups[3].Value, CultureInfo.InvariantCulture)}")));
            return;
        }

        if (ClockPattern().Match(text) is { Success: true } clock)
        {
            tokens.Add(new VerifierToken(VerifierTokenKind.Date, Clock(clock.Groups[1].Value, clock.Groups[2].Value, clock.Groups[3].Value)));
            return;
        }

        if (SlashDatePattern().IsMatch(text))
        {
            tokens.Add(new VerifierToken(VerifierTokenKind.Date, text));
            return;
        }

        if (!hasLetter)
        {
            AddNumbers(text, tokens);
            return;
        }

        if (NumberSuffixPattern().Match(text) is { Success: true } suffixed)
        {
            var number = suffixed.Groups[1].Value;
            var suffix = suffixed.Groups[2].Value;
            if (suffix is "st" or "nd" or "rd" or "th")
            {
                tokens.Add(new VerifierToken(VerifierTokenKind.Number, "#" + Canonical(number)));
                return;
            }

            if (suffix is "am" or "pm")
            {
                tokens.Add(new VerifierToken(VerifierTokenKind.Date, Clock(number, "00", suffix)));
                return;
            }

            if (VerifierLexicon.Units.ContainsKey(suffix) || VerifierLexicon.UnitsAfterNumber.ContainsKey(suffix))
            {
                AddNumbers(number, tokens);
                tokens.Add(new VerifierToken(VerifierTokenKind.Word, suffix));
                return;
            }
        }

        tokens.Add(new VerifierToken(VerifierTokenKind.Code, text));
    }

    private static void AddWords(ReadOnlySpan<char> raw, string text, bool sentenceStart, List<VerifierToken> tokens)
    {
        // snake_case and dotted names (os.path.join, config.yaml) are identifiers; "e.g" and "U.S" are abbreviations.
        if (text.Contains('_', StringComparison.Ordinal) || (text.Contains('.', StringComparison.Ordinal) && !IsAbbreviation(text)))
        {
            tokens.Add(new VerifierToken(VerifierTokenKind.Code, text));
            return;
        }

        // Hyphenated words are judged part by part ("Coca-Cola", "twenty-five", "e-mail").
        var offset = 0;
        foreach (var part in text.Split('-'))
        {
            var original = raw.Slice(offset, Math.Min(part.Length, raw.Length - offset));
            offset += part.Length + 1;
            if (part.Length == 0)
            {
                continue;
            }

            var upper = 0;
            var letters = 0;
            foreach (var c in original)
            {
                if (char.IsLetter(c))
                {
                    letters++;
                    if (char.IsUpper(TextFolding.FoldWidth(c)))
                    {
                        upper++;
                    }
                }
            }

            var first = char.IsUpper(TextFolding.FoldWidth(original[0]));
            tokens.Add(new VerifierToken(
                VerifierTokenKind.Word,
                part.Replace('’', '\''),
                Capitalised: first,
                AllCaps: letters >= 2 && upper == letters,
                MixedCase: upper > 0 && upper < letters && !(first && upper == 1),
                SentenceStart: sentenceStart));
            sentenceStart = false;
        }
    }

    // Every part of "e.g", "i.e", "U.S.A" is one letter.
    private static bool IsAbbreviation(string text)
    {
        var run = 0;
        foreach (var c in text)
        {
            run = c == '.' ? 0 : run + 1;
            if (run > 1)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>"1,000" → 1000; "2.50" → 2.5; "3-5" → 3, -, 5; "3,4" → 3, 4; "1.2.3" stays a version code.</summary>
    private static void AddNumbers(string text, List<VerifierToken> tokens)
    {
        if (ThousandsPattern().IsMatch(text))
        {
            tokens.Add(new VerifierToken(VerifierTokenKind.Number, Canonical(text.Replace(",", string.Empty, StringComparison.Ordinal))));
            return;
        }

        if (text.AsSpan().Count('.') > 1 || text.Contains(':', StringComparison.Ordinal) || text.Contains('/', StringComparison.Ordinal))
        {
            tokens.Add(new VerifierToken(VerifierTokenKind.Code, text));
            return;
        }

        var parts = text.Split('-');
        for (var p = 0; p < parts.Length; p++)
        {
            if (p > 0)
            {
                tokens.Add(new VerifierToken(VerifierTokenKind.Symbol, "-"));
            }

            foreach (var piece in parts[p].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                tokens.Add(new VerifierToken(VerifierTokenKind.Number, Canonical(piece)));
            }
        }
    }

    /// <summary>1.50 and 1.5 and 01.5 are one number; anything unparsable is kept as written.</summary>
    public static string Canonical(string number) =>
        decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? value.ToString("0.############################", CultureInfo.InvariantCulture)
            : number;

    /// <summary>A 24-hour "t15:00" from hour, minutes and an optional am/pm.</summary>
    public static string Clock(string hour, string minutes, string meridiem)
    {
        var h = int.Parse(hour, CultureInfo.InvariantCulture);
        if (meridiem == "pm" && h < 12)
        {
            h += 12;
        }
        else if (meridiem == "am" && h == 12)
        {
            h = 0;
        }

        return string.Create(CultureInfo.InvariantCulture, $"t{h}:{minutes}");
    }

    private static string Fold(ReadOnlySpan<char> raw)
    {
        var buffer = raw.Length <= 256 ? stackalloc char[256] : new char[raw.Length];
        return new string(buffer[..TextFolding.Fold(raw, buffer)]);
    }

    private static string TakeIdentifiers(string text, List<string> identifiers)
    {
        return IdentifierPattern().Replace(text, m =>
        {
            var value = m.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')', ']', '\'', '"');
            identifiers.Add(value.ToLowerInvariant().TrimEnd('/'));
            return " " + m.Value[value.Length..] + " ";
        });
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|(?:https?://|www\.)[^\s<>""']+|\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|org|net|io|ai|dev|app|co|edu|gov|info|biz|me|us|uk|de|fr|jp|cn|ru|eu|ca|au|in|nl|es|it|ch|se|no)\b(?:/[^\s<>""']*)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex(@"\b([aApP])\.[mM]\.")]
    private static partial Regex MeridiemPattern();

    [GeneratedRegex(@"^(\d{4})-(\d{1,2})-(\d{1,2})$")]
    private static partial Regex IsoDatePattern();

    [GeneratedRegex(@"^(\d{1,2}):(\d{2})(?::\d{2})?(am|pm)?$")]
    private static partial Regex ClockPattern();

    [GeneratedRegex(@"^\d{1,2}/\d{1,2}(?:/\d{2,4})?$")]
    private static partial Regex SlashDatePattern();

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)([a-z]+)$")]
    private static partial Regex NumberSuffixPattern();

    [GeneratedRegex(@"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")]
    private static partial Regex ThousandsPattern();
}
