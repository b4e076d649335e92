using System.Text;

namespace Frugal.Core.Compression;

/// <summary>
/// Query-aware extractive selection: the text is cut into <see cref="TextUnit"/>s (sentences, lines, atomic blocks),
/// each scored by BM25 against the question — its own score plus <see cref="PassageWeight"/> times its paragraph's,
/// so a sentence inside the passage about the question outranks a stray sentence sharing one word — and the best
/// ones are kept within the token budget, in their original order. Units marked keep always stay; atomic units
/// (code, tables, JSON) stay whole or go whole. Lexical only: needs no model, and is deterministic.
/// </summary>
public sealed class QueryAwareSelection
{
    /// <summary>Parameters picked on the dev half of the NQ-open eval split (see the notes of issue #17).</summary>
    public static QueryAwareSelection Default { get; } = new();

    public double K1 { get; init; } = 1.2;

    public double B { get; init; } = 0.75;

    public double PassageWeight { get; init; } = 4.0;

    /// <summary>
    /// The text reduced to about <paramref name="targetTokens"/> tokens (of <paramref name="textTokens"/>, the
    /// tokenizer's count of the whole text, used to scale character lengths to tokens). The text itself when it
    /// already fits or holds nothing to drop.
    /// </summary>
    /// <remarks>
    /// With a <paramref name="counter"/>, the result is counted once: if it is more than 5 % over the target (short
    /// units, separators and dense tokens make the character scale err), the units are chosen again once with the
    /// scale corrected by what was measured. That costs a count of the kept text only (≈ 1/ratio of the input).
    /// </remarks>
    public string Select(string text, LexicalQuery query, int targetTokens, int textTokens, Frugal.Core.Text.ITokenCounter? counter = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(query);
        if (textTokens <= targetTokens || text.Length == 0)
        {
            return text;
        }

        var units = new List<TextUnit>(64);
        TextSegmenter.Split(text, units);
        if (units.Count <= 1)
        {
            return text;
        }

        var scores = Score(text, units, query);
        var tokensPerCharacter = (double)textTokens / text.Length;
        var keep = Choose(units, scores, targetTokens, tokensPerCharacter);
        var selected = Join(text, units, keep);
        if (counter is null)
        {
            return selected;
        }

        var actual = counter.CountTokens(selected);
        if (actual <= targetTokens * 1.05)
        {
            return selected;
        }

        var estimated = 0.0;
        for (var u = 0; u < units.Count; u++)
        {
            estimated += keep[u] ? units[u].Length * tokensPerCharacter : 0;
        }

        keep = Choose(units, scores, targetTokens, tokensPerCharacter * actual / Math.Max(1.0, estimated));
        return Join(text, units, keep);
    }

    /// <summary>BM25 of each unit plus <see cref="PassageWeight"/> × BM25 of its paragraph.</summary>
    public double[] Score(string text, List<TextUnit> units, LexicalQuery query)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(query);
        var terms = query.Count;
        var scores = new double[units.Count];
        if (terms == 0)
        {
            return scores;
        }

        var blocks = units[^1].Block + 1;
        var unitTf = new int[units.Count * terms];
        var unitLength = new int[units.Count];
        var blockTf = new int[blocks * terms];
        var blockLength = new int[blocks];
        var lookup = query.Lookup;
        for (var u = 0; u < units.Count; u++)
        {
            var unit = units[u];
            var span = text.AsSpan(unit.Start, unit.Length);
            var position = 0;
            var words = 0;
            while (LexicalTerms.Next(span, ref position, out var word))
            {
                words++;
                if (lookup.TryGetValue(LexicalTerms.Stem(word), out var term))
                {
                    unitTf[(u * terms) + term]++;
                    blockTf[(unit.Block * terms) + term]++;
                }
            }

            unitLength[u] = words;
            blockLength[unit.Block] += words;
        }

        var unitIdf = Idf(unitTf, units.Count, terms);
        var blockIdf = Idf(blockTf, blocks, terms);
        var unitAverage = Average(unitLength);
        var blockAverage = Average(blockLength);
        var blockScore = new double[blocks];
        for (var b = 0; b < blocks; b++)
        {
            blockScore[b] = Bm25(blockTf, b, terms, blockIdf, blockLength[b], blockAverage);
        }

        for (var u = 0; u < units.Count; u++)
        {
            scores[u] = Bm25(unitTf, u, terms, unitIdf, unitLength[u], unitAverage) + (PassageWeight * blockScore[units[u].Block]);
        }

        return scores;
    }

    private double Bm25(int[] tf, int document, int terms, double[] idf, int length, double averageLength)
    {
        var score = 0.0;
        var norm = K1 * (1 - B + (B * length / averageLength));
        for (var t = 0; t < terms; t++)
        {
            var f = tf[(document * terms) + t];
            if (f > 0)
            {
                score += idf[t] * f * (K1 + 1) / (f + norm);
            }
        }

        return score;
    }

    private static double[] Idf(int[] tf, int documents, int terms)
    {
        var idf = new double[terms];
        for (var t = 0; t < terms; t++)
        {
            var df = 0;
            for (var d = 0; d < documents; d++)
            {
                if (tf[(d * terms) + t] > 0)
                {
                    df++;
                }
            }

            idf[t] = Math.Log(1 + ((documents - df + 0.5) / (df + 0.5)));
        }

        return idf;
    }

    private static double Average(int[] lengths)
    {
        long sum = 0;
        foreach (var length in lengths)
        {
            sum += length;
        }

        return Math.Max(1.0, (double)sum / Math.Max(1, lengths.Length));
    }

    /// <summary>Keep units first, then by score (ties: earlier first) while the budget lasts; a unit that does not fit is skipped.</summary>
    private static bool[] Choose(List<TextUnit> units, double[] scores, int targetTokens, double tokensPerCharacter)
    {
        var keep = new bool[units.Count];
        var budget = (double)targetTokens;
        var order = new int[units.Count];
        for (var u = 0; u < units.Count; u++)
        {
            order[u] = u;
            if (units[u].Keep)
            {
                keep[u] = true;
                budget -= units[u].Length * tokensPerCharacter;
            }
        }

        Array.Sort(order, (x, y) => scores[y] != scores[x] ? scores[y].CompareTo(scores[x]) : x.CompareTo(y));
        foreach (var u in order)
        {
            if (budget <= 0)
            {
                break;
            }

            var cost = units[u].Length * tokensPerCharacter;
            if (!keep[u] && cost <= budget)
            {
                keep[u] = true;
                budget -= cost;
            }
        }

        return keep;
    }

    /// <summary>The kept units in order: the original gap within a run, a space or newline inside a paragraph, a blank line between paragraphs.</summary>
    private static string Join(string text, List<TextUnit> units, bool[] keep)
    {
        var builder = new StringBuilder(text.Length / 2);
        var previous = -1;
        for (var u = 0; u < units.Count; u++)
        {
            if (!keep[u])
            {
                continue;
            }

            var unit = units[u];
            if (previous >= 0)
            {
                var before = units[previous];
                if (previous == u - 1 && before.Block == unit.Block)
                {
                    builder.Append(text, before.End, unit.Start - before.End);
                }
                else if (before.Block == unit.Block)
                {
                    builder.Append(StartsLine(text, unit.Start) ? '\n' : ' ');
                }
                else
                {
                    builder.Append("\n\n");
                }
            }

            builder.Append(text, unit.Start, unit.Length);
            previous = u;
        }

        return builder.ToString();
    }

    private static bool StartsLine(string text, int start)
    {
        var i = start - 1;
        while (i >= 0 && text[i] is ' ' or '\t')
        {
            i--;
        }

        return i < 0 || text[i] == '\n';
    }
}
