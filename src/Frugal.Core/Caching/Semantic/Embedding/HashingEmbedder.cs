using System.Buffers;
using Frugal.Core.Caching.Semantic.Index;
using Frugal.Core.Text;

namespace Frugal.Core.Caching.Semantic.Embedding;

/// <summary>
/// The built-in, zero set-up embedder: hashed features of the folded text (see
/// <see cref="TextFolding"/>) — word unigrams and bigrams, character 2–4-grams inside each
/// word, and character 1–3-grams of runs of Han/kana/Hangul, which are written without
/// spaces — signed-hashed into <see cref="Dimensions"/> buckets with sublinear term
/// frequency (1 + ln tf) and L2-normalised. It knows no synonyms: it finds rewordings that
/// share words and word pieces, which is what a cache mostly sees (the same question asked
/// again with small edits); the verifier guards the cases where small edits change the answer.
/// </summary>
public sealed class HashingEmbedder : LocalEmbedder
{
    public const int DefaultDimensions = 512;

    // Per-kind seeds keep a word from colliding on purpose with an equal character n-gram.
    private const ulong WordSeed = 0x5EED_0001;
    private const ulong CharSeed = 0x5EED_0002;
    private const ulong CjkSeed = 0x5EED_0003;

    // Weights per occurrence. Words carry the meaning; n-grams catch inflections and typos;
    // a bigram keeps a little word order ("card declined" vs "declined card" both matter less).
    private const float WordWeight = 1.0f;
    private const float StopWordWeight = 0.35f;
    private const float BigramWeight = 0.55f;
    private const float CharGramWeight = 0.22f;
    private const float CjkUnigramWeight = 0.45f;
    private const float CjkBigramWeight = 1.0f;
    private const float CjkTrigramWeight = 0.6f;

    private const int StackLimit = 512;

    public HashingEmbedder(int dimensions = DefaultDimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 16);
        Dimensions = dimensions;
        Name = $"hashing-v1-{dimensions}";
    }

    public override string Name { get; }

    public override int Dimensions { get; }

    protected override void EmbedInto(ReadOnlySpan<char> text, Span<float> destination)
    {
        char[]? rentedChars = null;
        var folded = text.Length <= StackLimit ? stackalloc char[StackLimit] : (rentedChars = ArrayPool<char>.Shared.Rent(text.Length));
        var length = TextFolding.Fold(text, folded);

        // Upper bound on features: per char at most 3 n-grams, per word a unigram and a bigram.
        var capacity = (length * 4) + 8;
        var hashes = ArrayPool<ulong>.Shared.Rent(capacity);
        var weights = ArrayPool<float>.Shared.Rent(capacity);
        try
        {
            var count = CollectFeatures(folded[..length], hashes, weights);
            Scatter(hashes.AsSpan(0, count), weights.AsSpan(0, count), destination);
            VectorMath.Normalize(destination);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(hashes);
            ArrayPool<float>.Shared.Return(weights);
            if (rentedChars is not null)
            {
                ArrayPool<char>.Shared.Return(rentedChars);
            }
        }
    }

    private static int CollectFeatures(ReadOnlySpan<char> text, ulong[] hashes, float[] weights)
    {
        var count = 0;
        var previousWord = 0UL;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (Scripts.IsCjk(c))
            {
                var start = i;
                while (i < text.Length && Scripts.IsCjk(text[i]))
                {
                    i++;
                }

                count = AddCjkRun(text[start..i], hashes, weights, count);
                previousWord = 0; // no bigram across a script change
                continue;
            }

            if (!char.IsLetterOrDigit(c))
            {
                i++;
                continue;
            }

            var wordStart = i;
            while (i < text.Length && IsWordChar(text, i))
            {
                i++;
            }

            var word = text[wordStart..i];
            var wordHash = StableHash.Hash(word, WordSeed);
            var stop = StopWords.Contains(word);
            hashes[count] = wordHash;
            weights[count++] = stop ? StopWordWeight : WordWeight;
            if (previousWord != 0)
            {
                hashes[count] = StableHash.Combine(previousWord, wordHash);
                weights[count++] = BigramWeight;
            }

            previousWord = wordHash;
            if (!stop)
            {
                count = AddCharGrams(word, hashes, weights, count);
            }
        }

        return count;
    }

    // A word is letters and digits, with an apostrophe kept inside ("can't" is one word, not "can" + "t").
    private static bool IsWordChar(ReadOnlySpan<char> text, int i)
    {
        var c = text[i];
        if (char.IsLetterOrDigit(c) && !Scripts.IsCjk(c))
        {
            return true;
        }

        return c is '\'' or '\u2019' && i > 0 && i + 1 < text.Length && char.IsLetter(text[i - 1]) && char.IsLetter(text[i + 1]);
    }

    private static int AddCharGrams(ReadOnlySpan<char> word, ulong[] hashes, float[] weights, int count)
    {
        // n-grams of "^word$" so that prefixes and suffixes are features of their own.
        Span<char> padded = stackalloc char[Math.Min(word.Length, 62) + 2];
        padded[0] = '^';
        word[..(padded.Length - 2)].CopyTo(padded[1..]);
        padded[^1] = '$';
        for (var n = 2; n <= 4; n++)
        {
            for (var start = 0; start + n <= padded.Length; start++)
            {
                hashes[count] = StableHash.Hash(padded.Slice(start, n), CharSeed + (ulong)n);
                weights[count++] = CharGramWeight;
            }
        }

        return count;
    }

    private static int AddCjkRun(ReadOnlySpan<char> run, ulong[] hashes, float[] weights, int count)
    {
        for (var start = 0; start < run.Length; start++)
        {
            hashes[count] = StableHash.Hash(run.Slice(start, 1), CjkSeed + 1);
            weights[count++] = CjkUnigramWeight;
            if (start + 2 <= run.Length)
            {
                hashes[count] = StableHash.Hash(run.Slice(start, 2), CjkSeed + 2);
                weights[count++] = CjkBigramWeight;
            }

            if (start + 3 <= run.Length)
            {
                hashes[count] = StableHash.Hash(run.Slice(start, 3), CjkSeed + 3);
                weights[count++] = CjkTrigramWeight;
            }
        }

        return count;
    }

    // Sort the features so equal ones are adjacent, then give each distinct feature
    // weight × (1 + ln tf): a word said three times is not three times the meaning.
    private static void Scatter(Span<ulong> hashes, Span<float> weights, Span<float> destination)
    {
        hashes.Sort(weights);
        var dimensions = (ulong)destination.Length;
        var i = 0;
        while (i < hashes.Length)
        {
            var hash = hashes[i];
            var weight = weights[i];
            var tf = 1;
            while (++i < hashes.Length && hashes[i] == hash)
            {
                tf++;
            }

            var value = tf == 1 ? weight : weight * (1 + MathF.Log(tf));
            var bucket = (int)((hash >> 1) % dimensions);
            destination[bucket] += (hash & 1) == 0 ? value : -value;
        }
    }
}
