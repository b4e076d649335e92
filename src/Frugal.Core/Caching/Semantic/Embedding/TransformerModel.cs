using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics.Tensors;
using Frugal.Core.Caching.Semantic.Index;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace Frugal.Core.Caching.Semantic.Embedding;

/// <summary>
/// A packaged sentence transformer loaded once per process: one ONNX Runtime session (thread-safe,
/// shared by every embedder of that kind) and its WordPiece tokenizer. The inference loop is ours
/// rather than the package's: one sentence at a time on one intra-op thread (the gateway's
/// concurrency comes from requests, not from splitting one small matrix product), no padding (the
/// attention mask is all ones), input and output buffers from the shared array pool, token count
/// capped at <see cref="MaxTokens"/>, then pooling and L2 normalisation.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "One shared instance per model for the life of the process; disposing it would break every embedder that shares it.")]
public sealed class TransformerModel
{
    /// <summary>
    /// Longest input in tokens, [CLS] and [SEP] included: all-MiniLM-L6-v2 was trained on 128 and the
    /// cost grows with the square of the length; a cache key's meaning is in its first sentences.
    /// </summary>
    public const int DefaultMaxTokens = 128;

    private static readonly ConcurrentDictionary<string, Lazy<TransformerModel>> Loaded = new(StringComparer.Ordinal);
    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] OutputNames = ["last_hidden_state"];

    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly long[] _ones;
    private readonly long[] _zeros;
    private readonly long[][] _inputShapes;
    private readonly long[][] _outputShapes;

    private TransformerModel(TransformerModelSpec spec, int maxTokens)
    {
        var started = Stopwatch.GetTimestamp();
        Spec = spec;
        MaxTokens = maxTokens;
        var model = PackagedModelResource.Read(spec.AssemblyPath, spec.ResourcePrefix + "model.onnx");
        using (var vocabulary = new MemoryStream(PackagedModelResource.Read(spec.AssemblyPath, spec.ResourcePrefix + "vocab.txt")))
        {
            _tokenizer = BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = true });
        }

        using var options = CreateSessionOptions();
        _session = new InferenceSession(model, options);
        Dimensions = checked((int)_session.OutputMetadata[OutputNames[0]].Dimensions[^1]);

        // Batch of one, no padding: the mask is all ones and the segment ids all zeros, whatever the
        // length, so both are one shared read-only array; shapes are precomputed per length.
        _ones = new long[maxTokens];
        Array.Fill(_ones, 1L);
        _zeros = new long[maxTokens];
        _inputShapes = new long[maxTokens + 1][];
        _outputShapes = new long[maxTokens + 1][];
        for (var n = 0; n <= maxTokens; n++)
        {
            _inputShapes[n] = [1, n];
            _outputShapes[n] = [1, n, Dimensions];
        }

        LoadTime = Stopwatch.GetElapsedTime(started);
    }

    public TransformerModelSpec Spec { get; }

    public int Dimensions { get; }

    public int MaxTokens { get; }

    /// <summary>Reading the model out of its package, tokenizer, session creation (graph optimisation included).</summary>
    public TimeSpan LoadTime { get; }

    /// <summary>The process's one instance of <paramref name="spec"/>, loaded at the first call (which pays <see cref="LoadTime"/>).</summary>
    public static TransformerModel Shared(TransformerModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Loaded.GetOrAdd(spec.Kind, _ => new Lazy<TransformerModel>(() => new TransformerModel(spec, DefaultMaxTokens))).Value;
    }

    /// <summary>The tokens the model sees for <paramref name="text"/> ([CLS] … [SEP], at most <see cref="MaxTokens"/>).</summary>
    public IReadOnlyList<int> Tokenize(ReadOnlySpan<char> text) =>
        _tokenizer.EncodeToIds(text, MaxTokens, addSpecialTokens: true, out _, out _);

    /// <summary>Writes the unit sentence vector of <paramref name="text"/> into <paramref name="destination"/> (<see cref="Dimensions"/> long).</summary>
    public void Embed(ReadOnlySpan<char> text, Span<float> destination)
    {
        var tokens = Tokenize(text);
        var count = Math.Min(tokens.Count, MaxTokens);
        var ids = ArrayPool<long>.Shared.Rent(count);
        var hidden = ArrayPool<float>.Shared.Rent(count * Dimensions);
        try
        {
            for (var i = 0; i < count; i++)
            {
                ids[i] = tokens[i];
            }

            using var idsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, ids.AsMemory(0, count), _inputShapes[count]);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _ones.AsMemory(0, count), _inputShapes[count]);
            using var typesValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _zeros.AsMemory(0, count), _inputShapes[count]);
            using var hiddenValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, hidden.AsMemory(0, count * Dimensions), _outputShapes[count]);
            using var runOptions = new RunOptions();
            _session.Run(runOptions, InputNames, [idsValue, maskValue, typesValue], OutputNames, [hiddenValue]);
            Pool(hidden.AsSpan(0, count * Dimensions), count, destination);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(ids);
            ArrayPool<float>.Shared.Return(hidden);
        }
    }

    private static SessionOptions CreateSessionOptions()
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
        };

        // With one thread there is nobody to spin for; spinning only steals the core from requests.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        return options;
    }

    private void Pool(ReadOnlySpan<float> hidden, int count, Span<float> destination)
    {
        if (Spec.Pooling == SentencePooling.Cls)
        {
            hidden[..Dimensions].CopyTo(destination);
        }
        else
        {
            for (var token = 0; token < count; token++)
            {
                TensorPrimitives.Add(destination, hidden.Slice(token * Dimensions, Dimensions), destination);
            }
        }

        VectorMath.Normalize(destination);
    }
}
