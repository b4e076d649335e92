using System.Text;
using Frugal.Core.Text;

namespace Frugal.Core.Routing.Learned;

/// <summary>
/// Turns a prompt into the learned router's feature vector: three blocks, each scaled on its own.
/// <list type="bullet">
/// <item>Words (lower case; a digit run becomes "0".."0000" so numbers share features; each CJK
/// character is a word) and word n-grams: the topic and the kind of question.</item>
/// <item>Character n-grams over the lower-cased text: word pieces, notation ("x^2", "| ", "\frac").</item>
/// <item><see cref="DenseCount"/> hand-made measurements: length, digits, symbols, maths
/// operators, code, question and task words, negations ("NOT", "EXCEPT"), CJK share.</item>
/// </list>
/// A fourth block, when <see cref="RouterFeatureOptions.Embedder"/> is set, is the prompt's sentence
/// embedding (already L2-normalised), stored after the hand-made features: it carries meaning that
/// transfers to wordings and subjects the hashed blocks never saw.
/// Text blocks are signed-hashed into 2^<see cref="RouterFeatureOptions.HashBits"/> buckets with
/// sublinear term frequency (1 + ln tf) and L2-normalised per block, so a long prompt does not
/// out-vote a short one by length alone (length has its own features).
/// </summary>
public sealed class RouterFeatures
{
    /// <summary>Number of hand-made features, stored after the hashed buckets.</summary>
    public const int DenseCount = 16;

    private const ulong WordSeed = 0x0A11_0001;
    private const ulong CharSeed = 0x0A11_0100;

    private static readonly HashSet<string> QuestionWords = new(StringComparer.Ordinal) { "what", "which", "why", "how", "who", "whom", "whose", "when", "where" };
    private static readonly HashSet<string> TaskWords = new(StringComparer.Ordinal) { "calculate", "compute", "find", "solve", "determine", "estimate", "evaluate", "derive", "prove", "simplify" };
    private static readonly HashSet<string> NegationWords = new(StringComparer.Ordinal) { "not", "except", "false", "incorrect", "least", "never", "untrue" };

    private readonly RouterFeatureOptions _options;
    private readonly int _buckets;

    public RouterFeatures(RouterFeatureOptions? options = null)
    {
        _options = options ?? new RouterFeatureOptions();
        var problems = _options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _buckets = 1 << _options.HashBits;
    }

    public RouterFeatureOptions Options => _options;

    /// <summary>Length of the weight vector: hashed buckets, <see cref="DenseCount"/>, then the embedding's dimensions.</summary>
    public int Dimension => _buckets + DenseCount + _options.EmbeddingDimensions;

    /// <summary>Whether <see cref="Extract(string, ReadOnlySpan{float})"/> needs the prompt's embedding.</summary>
    public bool NeedsEmbedding => _options.Embedder is not null;

    public SparseVector Extract(string prompt) => Extract(prompt, default);

    /// <param name="prompt">The prompt.</param>
    /// <param name="embedding">Its vector from <see cref="RouterFeatureOptions.Embedder"/> (exactly <see cref="RouterFeatureOptions.EmbeddingDimensions"/> long); empty when the features have no embedding block.</param>
    public SparseVector Extract(string prompt, ReadOnlySpan<float> embedding)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (embedding.Length != _options.EmbeddingDimensions)
        {
            throw new ArgumentException($"These features take an embedding of {_options.EmbeddingDimensions} dimensions, not {embedding.Length}.", nameof(embedding));
        }

        var text = Normalise(Window(prompt, _options.MaxChars));
        var words = Tokenise(text);
        var capacity = !_options.Lexical ? 0
            : (words.Count * _options.MaxWordNgram) + (_options.MaxCharNgram == 0 ? 0 : text.Length * (_options.MaxCharNgram - _options.MinCharNgram + 1));
        using var accumulator = new FeatureAccumulator(_buckets, capacity);
        if (_options.Lexical)
        {
            AddWords(words, accumulator);
            accumulator.EndBlock();
            if (_options.MaxCharNgram > 0)
            {
                AddCharGrams(text, accumulator);
                accumulator.EndBlock();
            }
        }

        var tailLength = DenseCount + embedding.Length;
        float[]? rented = null;
        var tail = tailLength <= 512 ? stackalloc float[tailLength] : (rented = System.Buffers.ArrayPool<float>.Shared.Rent(tailLength)).AsSpan(0, tailLength);
        Dense(prompt, words, tail[..DenseCount]);
        embedding.CopyTo(tail[DenseCount..]);
        var vector = accumulator.ToVector(tail);
        if (rented is not null)
        {
            System.Buffers.ArrayPool<float>.Shared.Return(rented);
        }

        return vector;
    }

    /// <summary>The text the features read: head and tail of a long prompt (¾ and ¼ of <paramref name="maxChars"/>), the whole of a short one.</summary>
    public static string Window(string prompt, int maxChars)
    {
        if (prompt.Length <= maxChars)
        {
            return prompt;
        }

        var head = maxChars * 3 / 4;
        return string.Concat(prompt.AsSpan(0, head), " ", prompt.AsSpan(prompt.Length - (maxChars - head)));
    }

    /// <summary>Lower case, every run of white space as one space.</summary>
    private static string Normalise(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    private static List<string> Tokenise(string text)
    {
        var words = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (Scripts.IsCjk(c))
            {
                words.Add(text.Substring(i++, 1));
            }
            else if (char.IsDigit(c))
            {
                var start = i;
                while (i < text.Length && char.IsDigit(text[i]))
                {
                    i++;
                }

                words.Add(new string('0', Math.Min(4, i - start)));
            }
            else if (char.IsLetter(c))
            {
                var start = i;
                while (i < text.Length && char.IsLetter(text[i]) && !Scripts.IsCjk(text[i]))
                {
                    i++;
                }

                words.Add(text[start..i]);
            }
            else
            {
                i++;
            }
        }

        return words;
    }

    private void AddWords(List<string> words, FeatureAccumulator accumulator)
    {
        Span<ulong> recent = stackalloc ulong[3]; // the last MaxWordNgram unigram hashes, newest last
        for (var i = 0; i < words.Count; i++)
        {
            var unigram = StableHash.Hash(words[i], WordSeed);
            accumulator.Add(unigram);
            var gram = unigram;
            for (var n = 2; n <= _options.MaxWordNgram && i - n + 1 >= 0; n++)
            {
                gram = StableHash.Combine(recent[3 - n + 1], gram);
                accumulator.Add(StableHash.Mix(gram ^ (WordSeed + (ulong)n)));
            }

            recent[0] = recent[1];
            recent[1] = recent[2];
            recent[2] = unigram;
        }
    }

    // One FNV pass per start position extends the n-gram from the shortest to the longest length,
    // finishing each length with its own seed: every n-gram costs one character, not n.
    private void AddCharGrams(string text, FeatureAccumulator accumulator)
    {
        var (min, max) = (_options.MinCharNgram, _options.MaxCharNgram);
        for (var start = 0; start + min <= text.Length; start++)
        {
            var hash = StableHash.Start(CharSeed);
            for (var n = 1; n <= max && start + n <= text.Length; n++)
            {
                hash = StableHash.Add(hash, text[start + n - 1]);
                if (n >= min)
                {
                    accumulator.Add(StableHash.Mix(hash ^ (CharSeed + (ulong)n)));
                }
            }
        }
    }

    // Each feature is squashed into roughly [0, 1] by a fixed transform (no statistics to store).
    private static void Dense(string raw, List<string> words, Span<float> dense)
    {
        int digits = 0, upper = 0, symbols = 0, operators = 0, letters = 0, cjk = 0, questionMarks = 0;
        foreach (var c in raw)
        {
            if (char.IsDigit(c))
            {
                digits++;
            }
            else if (Scripts.IsCjk(c))
            {
                cjk++;
            }
            else if (char.IsLetter(c))
            {
                letters++;
                if (char.IsUpper(c))
                {
                    upper++;
                }
            }
            else if (!char.IsWhiteSpace(c))
            {
                symbols++;
                if (c is '=' or '+' or '-' or '*' or '/' or '^' or '<' or '>' or '∫' or '∑' or '√')
                {
                    operators++;
                }

                if (c is '?' or '？')
                {
                    questionMarks++;
                }
            }
        }

        var chars = Math.Max(1, raw.Length);
        int questionWords = 0, taskWords = 0, negations = 0, numbers = 0, longWords = 0, letterWords = 0, wordChars = 0;
        foreach (var word in words)
        {
            if (word[0] == '0')
            {
                numbers++;
                continue;
            }

            letterWords++;
            wordChars += word.Length;
            longWords += word.Length >= 10 ? 1 : 0;
            questionWords += QuestionWords.Contains(word) ? 1 : 0;
            taskWords += TaskWords.Contains(word) ? 1 : 0;
            negations += NegationWords.Contains(word) ? 1 : 0;
        }

        var lines = 1;
        foreach (var c in raw)
        {
            lines += c == '\n' ? 1 : 0;
        }

        var codeMarks = (raw.Contains("```", StringComparison.Ordinal) ? 2 : 0) + (raw.Contains(';') ? 1 : 0) + (raw.Contains('{') ? 1 : 0)
            + (raw.Contains("def ", StringComparison.Ordinal) ? 1 : 0) + (raw.Contains("return", StringComparison.Ordinal) ? 1 : 0) + (raw.Contains("()", StringComparison.Ordinal) ? 1 : 0);

        dense[0] = (float)(Math.Log(1 + raw.Length) / 10);
        dense[1] = (float)(Math.Log(1 + words.Count) / 8);
        dense[2] = (float)(Math.Log(lines) / 5);
        dense[3] = Cap(5.0 * digits / chars);
        dense[4] = Cap(5.0 * upper / Math.Max(1, letters));
        dense[5] = Cap(5.0 * symbols / chars);
        dense[6] = Cap(20.0 * operators / chars);
        dense[7] = codeMarks >= 2 ? 1 : 0;
        dense[8] = Cap(questionWords / 3.0);
        dense[9] = Cap(taskWords / 2.0);
        dense[10] = Cap(negations / 2.0);
        dense[11] = (float)(Math.Log(1 + numbers) / 4);
        dense[12] = letterWords == 0 ? 0 : Cap(wordChars / (10.0 * letterWords));
        dense[13] = letterWords == 0 ? 0 : (float)longWords / letterWords;
        dense[14] = (float)cjk / chars;
        dense[15] = Cap(questionMarks / 3.0);
    }

    private static float Cap(double value) => (float)Math.Min(1.0, value);
}
