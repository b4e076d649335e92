using System.Buffers;
using System.Text.RegularExpressions;
using Frugal.Core.Text;

namespace Frugal.Core.Routing.Classification;

/// <summary>The text measurements behind <see cref="ComplexityClassifier"/>: words, token estimate, code, maths, questions.</summary>
internal static partial class ComplexitySignals
{
    private static readonly SearchValues<char> MathsSymbols = SearchValues.Create("∫∑∏√∂∇∞≤≥≠≈∀∃∈⊂⊆⇒");

    /// <summary>Lower-case words: runs of non-CJK letters and digits (an apostrophe inside a word stays).</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (!IsWordChar(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && (IsWordChar(text[i]) || (text[i] is '\'' or '\u2019' && i + 1 < text.Length && IsWordChar(text[i + 1]))))
            {
                i++;
            }

            words.Add(text[start..i].ToLowerInvariant());
        }

        return words;
    }

    /// <summary>Tokens ≈ one per CJK character plus a quarter per other character (rounded up): <see cref="CharacterTokenEstimate.CjkAware"/>.</summary>
    public static (int Tokens, int CjkChars) EstimateTokens(string text)
    {
        var tokens = CharacterTokenEstimate.CjkAware.CountTokens(text, out var cjk);
        return (tokens, cjk);
    }

    /// <summary>A fenced block, or at least three lines that end or start the way code does.</summary>
    public static bool HasCode(string text)
    {
        if (text.Contains("```", StringComparison.Ordinal))
        {
            return true;
        }

        var codeLines = 0;
        foreach (var range in text.AsSpan().Split('\n'))
        {
            var line = text.AsSpan()[range].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line[^1] is ';' or '{' or '}' || CodeLineStart().IsMatch(line))
            {
                if (++codeLines >= 3)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>LaTeX, maths symbols, maths vocabulary, or something that reads like an equation.</summary>
    public static bool HasMaths(string text) =>
        text.AsSpan().IndexOfAny(MathsSymbols) >= 0
        || Latex().IsMatch(text)
        || MathsWords().IsMatch(text)
        || Equation().IsMatch(text);

    /// <summary>
    /// Question marks that end a question: '?' followed by a space, quote or the end and not
    /// preceded by a space (which skips a ternary <c>a ? b : c</c>), and every full-width '？'.
    /// </summary>
    public static int CountQuestions(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '？')
            {
                count++;
            }
            else if (text[i] == '?' && i > 0 && !char.IsWhiteSpace(text[i - 1]) && text[i - 1] != '?'
                && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1]) || text[i + 1] is '"' or '\'' or ')' or '*'))
            {
                count++;
            }
        }

        return count;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) && !Scripts.IsCjk(c);

    [GeneratedRegex(@"^(def |class |import |from \S+ import |#include|function |public |private |static |return |var |let |const |SELECT |for \(|if \()", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CodeLineStart();

    [GeneratedRegex(@"\$\$|\\\(|\\\[|\\(frac|int|iint|oint|sum|prod|sqrt|lim|infty|partial|nabla|mathbb|mathcal|mathrm|cdot|times|leq|geq|neq|alpha|beta|gamma|delta|epsilon|theta|lambda|sigma|omega|begin\{(equation|align|matrix|pmatrix|cases)\})(?![a-z])", RegexOptions.CultureInvariant)]
    private static partial Regex Latex();

    [GeneratedRegex(@"\b(integral|integrate|derivative|differentiate|differential equation|eigenvalues?|eigenvectors?|lemma|corollary|polynomial|logarithm|matrix|matrices|probability)\b|积分|导数|微分|方程|特征值|矩阵|多项式|概率", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MathsWords();

    // x^2, 3x + 2 = 0, f(x) = …, a_n: operators around single-letter variables.
    [GeneratedRegex(@"\b[a-zA-Z]\s*\^\s*[\d{(a-z]|\b\d+\s*[a-z]\s*[+\-*/]\s*\d|\b[a-zA-Z]\s*[+\-*/]\s*[a-zA-Z\d]+\s*=\s*[-\d]|\b[a-z]\s*\(\s*[a-z]\s*\)\s*=", RegexOptions.CultureInvariant)]
    private static partial Regex Equation();
}
