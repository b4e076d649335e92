using System.Text;
using Frugal.Core.Caching.Semantic.Embedding;

namespace Frugal.Core.Compression;

/// <summary>
/// Query-aware extractive selection: the text is cut into <see cref="TextUnit"/>s (sentences, lines, atomic blocks),
/// each scored by BM25 against the question — its own score plus <see cref="PassageWeight"/> times its paragraph's,
/// so a sentence inside the passage about the question outranks a stray sentence sharing one word — and the best
/// ones are kept within the token budget, in their original order. Units marked keep always stay; atomic units
/// (code, tables, JSON) stay whole or go whole. Lexical by default (no model, deterministic); with an
/// <see cref="Embedder"/> (the <c>hybrid</c> scorer) the paragraphs BM25 ranks highest are re-scored by their cosine
/// to the question — only those few, in one batch, because embedding every sentence costs milliseconds each.
/// </summary>
public sealed class QueryAwareSelection
{
    /// <summary>Parameters picked on the dev half of the NQ-open eval split (see the notes of issue #17).</summary>
    public static QueryAwareSelection Default { get; } = new();

    public double K1 { get; init; } = 1.2;

    public double B { get; init; } = 0.75;

    public double PassageWeight { get; init; } = 4.0;

    /// <summary>The embedder of the hybrid scorer; null = BM25 only.</summary>
    public ILocalEmbedder? Embedder { get; init; }

    /// <summary>
    /// Hybrid scorer: a candidate paragraph's BM25 gets up to this share of the best paragraph's BM25 added, scaled by
    /// where its cosine to the question lies between the candidates' lowest (0) and highest (1).
    /// </summary>
    public double CosineWeight { get; init; } = 2.0;

    /// <summary>Hybrid scorer: how many of BM25's best paragraphs are embedded and re-scored (the others keep BM25 alone).</summary>
    public int Candidates { get; init; } = 8;

    /// <summary>The hybrid scorer over <paramref name="embedder"/> with the dev-picked weight and candidate count.</summary>
    public static QueryAwareSelection Hybrid(ILocalEmbedder embedder) => new() { Embedder = embedder };

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

        if (Embedder is not null && CosineWeight > 0 && blocks > 1)
        {
            AddCosine(text, units, blockScore, query.Text);
        }

        for (var u = 0; u < units.Count; u++)
        {
            scores[u] = Bm25(unitTf, u, terms, unitIdf, unitLength[u], unitAverage) + (PassageWeight * blockScore[units[u].Block]);
        }

        return scores;
    }

    /// <summary>
    /// Re-scores BM25's <see cref="Candidates"/> best paragraphs by cosine to the question: one batch of at most
    /// Candidates + 1 texts (each cut at the model's 128 tokens). Cosines are min–max scaled over the candidates, as raw
    /// MiniLM cosines of unrelated text sit well above 0; the bonus only raises candidates, so no paragraph BM25 found
    /// nothing in can overtake one it did.
    /// </summary>
    private void AddCosine(string text, List<TextUnit> units, double[] blockScore, string question)
    {
        var blocks = blockScore.Length;
        var starts = new int[blocks];
        var ends = new int[blocks];
        Array.Fill(starts, -1);
        foreach (var unit in units)
        {
            if (starts[unit.Block] < 0)
            {
                starts[unit.Block] = unit.Start;
            }

            ends[unit.Block] = unit.End;
        }

        var best = 0.0;
        var candidates = new List<int>(Candidates);
        var taken = new bool[blocks];
        for (var c = 0; c < Candidates; c++)
        {
            var top = -1;
            for (var b = 0; b < blocks; b++)
            {
                if (!taken[b] && starts[b] >= 0 && blockScore[b] > 0 && (top < 0 || blockScore[b] > blockScore[top]))
                {
                    top = b;
                }
            }

            if (top < 0)
            {
                break;
            }

            taken[top] = true;
            candidates.Add(top);
            best = Math.Max(best, blockScore[top]);
        }

        if (candidates.Count < 2)
        {
            return;
        }

        var texts = new List<string>(candidates.Count + 1) { question };
        foreach (var b in candidates)
        {
            texts.Add(text[starts[b]..ends[b]]);
        }

        var vectors = Embedder!.EmbedMany(texts);
        var cosines = new double[candidates.Count];
        var low = double.MaxValue;
        var high = double.MinValue;
        for (var c = 0; c < candidates.Count; c++)
        {
            cosines[c] = Dot(vectors[0], vectors[c + 1]);
            low = Math.Min(low, cosines[c]);
            high = Math.Max(high, cosines[c]);
        }

        if (high - low < 1e-6)
        {
            return;
        }

        for (var c = 0; c < candidates.Count; c++)
        {
            blockScore[candidates[c]] += CosineWeight * best * (cosines[c] - low) / (high - low);
        }
    }

    private static double Dot(float[] x, float[] y) => System.Numerics.Tensors.TensorPrimitives.Dot(x, y);

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
