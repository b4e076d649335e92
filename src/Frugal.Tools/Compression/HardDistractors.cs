using System.Globalization;
using Frugal.Core.Compression;
using Frugal.Tools.Routing;

namespace Frugal.Tools.Compression;

/// <summary>
/// Builds the eval's long contexts: each question's gold passage among the <c>distractors</c> passages of OTHER
/// questions that score highest for it by BM25 (they share its words) and hold none of its accepted answers — the
/// hard case, where a lexical scorer is most easily fooled. The gold passage's position and the dev/report split come
/// from hashes of the question (deterministic on any machine and file order). Documents are written
/// "Document [i] (Title: T) text", one per paragraph, as in the LongLLMLingua NQ setup.
/// </summary>
public static class HardDistractors
{
    public static List<EvalContext> Build(IReadOnlyList<NqOpenExample> examples, int distractors, double devShare)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var pool = new PassageIndex(examples);
        var contexts = new List<EvalContext>(examples.Count);
        for (var q = 0; q < examples.Count; q++)
        {
            var example = examples[q];
            var normalizedGold = AnswerMatch.Normalize(example.Passage);
            if (!AnswerMatch.ContainsAny(normalizedGold, example.Answers))
            {
                continue; // the gold passage itself does not hold the answer string: retention would mean nothing
            }

            var chosen = new List<int>(distractors);
            foreach (var candidate in pool.Rank(example.Question))
            {
                if (candidate != q && !AnswerMatch.ContainsAny(pool.Normalized[candidate], example.Answers) && !chosen.Exists(c => examples[c].Passage == examples[candidate].Passage))
                {
                    chosen.Add(candidate);
                    if (chosen.Count == distractors)
                    {
                        break;
                    }
                }
            }

            var goldIndex = (int)(RouterDataSplit.Position(example.Question, "compress-gold") * (chosen.Count + 1));
            chosen.Insert(goldIndex, q);
            var documents = new System.Text.StringBuilder();
            for (var d = 0; d < chosen.Count; d++)
            {
                var passage = examples[chosen[d]];
                if (d > 0)
                {
                    documents.Append("\n\n");
                }

                documents.Append(CultureInfo.InvariantCulture, $"Document [{d + 1}] (Title: {passage.Title}) {passage.Passage}");
            }

            contexts.Add(new EvalContext(example.Question, example.Answers, documents.ToString(), chosen.ConvertAll(c => examples[c].Passage), goldIndex, RouterDataSplit.Position(example.Question, "compress-dev") < devShare));
        }

        return contexts;
    }

    /// <summary>BM25 over every gold passage (title + text), to rank the pool for a question.</summary>
    private sealed class PassageIndex
    {
        private readonly List<Dictionary<string, int>> _terms = [];
        private readonly Dictionary<string, int> _documentFrequency = new(StringComparer.OrdinalIgnoreCase);
        private readonly double _averageLength;
        private readonly int[] _lengths;

        public PassageIndex(IReadOnlyList<NqOpenExample> examples)
        {
            _lengths = new int[examples.Count];
            long total = 0;
            for (var i = 0; i < examples.Count; i++)
            {
                var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                var text = examples[i].Title + " " + examples[i].Passage;
                var position = 0;
                while (LexicalTerms.Next(text, ref position, out var word))
                {
                    var stem = LexicalTerms.Stem(word).ToString();
                    counts[stem] = counts.GetValueOrDefault(stem) + 1;
                    _lengths[i]++;
                }

                foreach (var term in counts.Keys)
                {
                    _documentFrequency[term] = _documentFrequency.GetValueOrDefault(term) + 1;
                }

                total += _lengths[i];
                _terms.Add(counts);
                Normalized.Add(AnswerMatch.Normalize(examples[i].Passage));
            }

            _averageLength = (double)total / Math.Max(1, examples.Count);
        }

        public List<string> Normalized { get; } = [];

        /// <summary>Passage indices, best first (ties by index), that share at least one term with the question.</summary>
        public List<int> Rank(string question)
        {
            var query = new List<string>();
            var position = 0;
            while (LexicalTerms.Next(question, ref position, out var word))
            {
                if (!LexicalTerms.IsStopWord(word))
                {
                    var stem = LexicalTerms.Stem(word).ToString();
                    if (!query.Contains(stem, StringComparer.OrdinalIgnoreCase))
                    {
                        query.Add(stem);
                    }
                }
            }

            var scores = new List<(double Score, int Index)>();
            for (var i = 0; i < _terms.Count; i++)
            {
                var score = 0.0;
                foreach (var term in query)
                {
                    if (_terms[i].TryGetValue(term, out var f))
                    {
                        var df = _documentFrequency[term];
                        var idf = Math.Log(1 + ((_terms.Count - df + 0.5) / (df + 0.5)));
                        score += idf * f * 2.2 / (f + (1.2 * (0.25 + (0.75 * _lengths[i] / _averageLength))));
                    }
                }

                if (score > 0)
                {
                    scores.Add((score, i));
                }
            }

            scores.Sort((x, y) => x.Score != y.Score ? y.Score.CompareTo(x.Score) : x.Index.CompareTo(y.Index));
            return scores.ConvertAll(s => s.Index);
        }
    }
}
