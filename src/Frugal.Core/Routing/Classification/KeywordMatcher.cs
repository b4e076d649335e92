using Frugal.Core.Text;

namespace Frugal.Core.Routing.Classification;

/// <summary>
/// Finds which keywords of one list occur in a text. Latin-script keywords are matched as whole
/// words (a phrase as consecutive words) after one pass that splits the text into lower-case
/// words, so the cost is one scan plus a dictionary probe per word, however long the list; the
/// last word of a keyword also matches its common English inflections. Keywords in Han, kana or
/// Hangul are found as substrings, because those scripts do not separate words with spaces.
/// </summary>
internal sealed class KeywordMatcher
{
    // First word of a keyword (in every inflected form) → the keywords that start with it.
    private readonly Dictionary<string, List<Phrase>> _byFirstWord = new(StringComparer.Ordinal);
    private readonly List<string> _cjk = [];

    public KeywordMatcher(IEnumerable<string> keywords)
    {
        foreach (var raw in keywords)
        {
            var keyword = raw.Trim().ToLowerInvariant();
            if (keyword.Length == 0)
            {
                continue;
            }

            if (keyword.Any(Scripts.IsCjk))
            {
                _cjk.Add(keyword);
                continue;
            }

            var words = ComplexitySignals.Words(keyword).ToArray();
            if (words.Length == 0)
            {
                continue;
            }

            var lastForms = new HashSet<string>(Inflections(words[^1]), StringComparer.Ordinal);
            var firstForms = words.Length == 1 ? lastForms : [words[0]];
            var phrase = new Phrase(raw.Trim(), words, lastForms);
            foreach (var form in firstForms)
            {
                if (!_byFirstWord.TryGetValue(form, out var list))
                {
                    _byFirstWord[form] = list = [];
                }

                list.Add(phrase);
            }
        }
    }

    /// <summary>The configured spellings of the keywords found in <paramref name="words"/>/<paramref name="lowered"/>, in order of first occurrence.</summary>
    public List<string> Find(IReadOnlyList<string> words, string lowered)
    {
        var found = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            if (!_byFirstWord.TryGetValue(words[i], out var phrases))
            {
                continue;
            }

            foreach (var phrase in phrases)
            {
                if (!found.Contains(phrase.Display) && phrase.MatchesAt(words, i))
                {
                    found.Add(phrase.Display);
                }
            }
        }

        foreach (var keyword in _cjk)
        {
            if (!found.Contains(keyword) && lowered.Contains(keyword, StringComparison.Ordinal))
            {
                found.Add(keyword);
            }
        }

        return found;
    }

    /// <summary>
    /// The word and its regular English inflections. Over-generation is harmless (a form nobody
    /// writes never matches); a missing irregular form is listed as its own keyword instead.
    /// </summary>
    internal static IEnumerable<string> Inflections(string word)
    {
        yield return word;
        if (word.Length < 3 || !word.All(char.IsAsciiLetterLower))
        {
            yield break;
        }

        string[] suffixes;
        string stem;
        if (word.EndsWith('e'))
        {
            // analyse → analyses, analysed, analysing; optimize → optimization; translate → translation
            stem = word[..^1];
            yield return word + "s";
            yield return word + "d";
            yield return word + "r";
            yield return word + "rs";
            suffixes = ["ing", "ion", "ions", "ation", "ations"];
        }
        else if (word.EndsWith('y') && !IsVowel(word[^2]))
        {
            // classify → classifies, classified, classifying, classification
            stem = word[..^1];
            yield return word + "ing";
            suffixes = ["ies", "ied", "ication", "ications"];
        }
        else
        {
            stem = word;
            suffixes = ["s", "es", "ed", "ing", "er", "ers", "ion", "ions", "ation", "ations"];
            if (!IsVowel(word[^1]) && word[^1] is not ('w' or 'x' or 'y') && IsVowel(word[^2]) && !IsVowel(word[^3]))
            {
                // debug → debugged, debugging; format → formatted, formatting
                yield return word + word[^1] + "ed";
                yield return word + word[^1] + "ing";
                yield return word + word[^1] + "er";
            }
        }

        foreach (var suffix in suffixes)
        {
            yield return stem + suffix;
        }
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    private sealed record Phrase(string Display, string[] Words, HashSet<string> LastForms)
    {
        public bool MatchesAt(IReadOnlyList<string> words, int start)
        {
            if (start + Words.Length > words.Count)
            {
                return false;
            }

            for (var k = 0; k < Words.Length - 1; k++)
            {
                if (!string.Equals(words[start + k], Words[k], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return LastForms.Contains(words[start + Words.Length - 1]);
        }
    }
}
