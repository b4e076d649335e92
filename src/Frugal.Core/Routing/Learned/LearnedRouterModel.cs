using System.Text.Json;

namespace Frugal.Core.Routing.Learned;

/// <summary>
/// A trained router: feature settings, logistic-regression weights and the threshold that turns
/// its probability into a decision. <see cref="ProbabilityWeakIsGoodEnough"/> is P(the weak
/// model's answer is as good as the strong model's); a prompt goes to the strong model when
/// that probability is below <see cref="Threshold"/>. Immutable and thread-safe.
/// </summary>
public sealed class LearnedRouterModel
{
    /// <summary>The JSON format this build reads and writes.</summary>
    public const string FormatVersion = "frugal-learned-router/1";

    private readonly RouterFeatures _features;

    public LearnedRouterModel(
        RouterFeatureOptions features,
        RouterLabel label,
        LogisticRegressionWeights weights,
        double threshold,
        string thresholdRule,
        RouterModelInfo info,
        IReadOnlyList<double>? scoreQuantiles = null,
        RouterRule rule = RouterRule.Learned,
        string? ruleEvidence = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(info);
        _features = new RouterFeatures(features);
        if (weights.Weights.Length != _features.Dimension)
        {
            throw new ArgumentException($"The model has {weights.Weights.Length} weights but its features have {_features.Dimension} dimensions.", nameof(weights));
        }

        if (!double.IsFinite(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be a finite number.");
        }

        Features = features;
        Label = label;
        Weights = weights;
        Threshold = threshold;
        ThresholdRule = thresholdRule ?? string.Empty;
        Info = info;
        if (scoreQuantiles is not null && (scoreQuantiles.Count < 2 || scoreQuantiles.Any(q => !double.IsFinite(q))))
        {
            throw new ArgumentException("Score quantiles need at least two finite values.", nameof(scoreQuantiles));
        }

        ScoreQuantiles = scoreQuantiles;
        Rule = rule;
        RuleEvidence = ruleEvidence;
        ScoreFingerprint = Fingerprint();
    }

    public RouterFeatureOptions Features { get; }

    public RouterLabel Label { get; }

    public LogisticRegressionWeights Weights { get; }

    /// <summary>Route to the strong model when <see cref="ProbabilityWeakIsGoodEnough"/> is below this.</summary>
    public double Threshold { get; }

    /// <summary>How the threshold was chosen, e.g. <c>strong-share 0.3</c> or <c>quality-floor 0.95</c>.</summary>
    public string ThresholdRule { get; }

    /// <summary>Provenance and the cross-validated expectations recorded at training time.</summary>
    public RouterModelInfo Info { get; }

    /// <summary>
    /// Quantiles (0 %, 1 %, … 100 %) of P(weak is good enough) on the out-of-fold training
    /// predictions, so a deployment can ask for another strong-call share without retraining;
    /// null in files written before they were recorded.
    /// </summary>
    public IReadOnlyList<double>? ScoreQuantiles { get; }

    /// <summary>
    /// The rule that scores prompts: <see cref="RouterRule.Learned"/>, or
    /// <see cref="RouterRule.PromptLength"/> when training found that the fitted weights did not beat
    /// routing by prompt length on held-out data. <see cref="ScoreQuantiles"/> and
    /// <see cref="Threshold"/> are on the scale of the rule in use.
    /// </summary>
    public RouterRule Rule { get; }

    /// <summary>Why <see cref="Rule"/> was chosen, e.g. <c>held-out APGR learned 0.571 vs length 0.602</c>; null in older files.</summary>
    public string? RuleEvidence { get; }

    /// <summary>Whether <see cref="ProbabilityWeakIsGoodEnough(string, ReadOnlySpan{float})"/> needs the prompt's embedding from <see cref="RouterFeatureOptions.Embedder"/>.</summary>
    public bool NeedsEmbedding => Rule == RouterRule.Learned && Features.Embedder is not null;

    /// <summary>
    /// The threshold that sends about <paramref name="strongShare"/> of prompts like the training
    /// prompts to the strong model, interpolated between the recorded quantiles.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file carries no quantiles (retrain it).</exception>
    public double ThresholdForStrongShare(double strongShare)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(strongShare, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(strongShare, 1);
        var q = ScoreQuantiles ?? throw new InvalidOperationException("This router model records no score quantiles; retrain it to choose a threshold by strong share.");
        if (strongShare >= 1)
        {
            return Math.BitIncrement(q[^1]);
        }

        var position = strongShare * (q.Count - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(q.Count - 1, low + 1);
        return q[low] + ((q[high] - q[low]) * (position - low));
    }

    /// <summary>
    /// P(weak is good enough). Under <see cref="RouterLabel.StrongNeeded"/> this is 1 − P(weak
    /// wrong and strong right); under <see cref="RouterLabel.WeakCorrect"/>, P(weak right).
    /// </summary>
    public double ProbabilityWeakIsGoodEnough(string prompt) => ProbabilityWeakIsGoodEnough(prompt, default);

    /// <param name="prompt">The prompt.</param>
    /// <param name="embedding">Its vector when <see cref="NeedsEmbedding"/>; empty otherwise.</param>
    /// <remarks>Under <see cref="RouterRule.PromptLength"/> this is <see cref="PromptLengthRule.WeakGoodScore"/>, not a probability.</remarks>
    public double ProbabilityWeakIsGoodEnough(string prompt, ReadOnlySpan<float> embedding)
    {
        if (Rule == RouterRule.PromptLength)
        {
            return PromptLengthRule.WeakGoodScore(prompt);
        }

        var p = Weights.Probability(_features.Extract(prompt, embedding));
        return Label == RouterLabel.StrongNeeded ? 1 - p : p;
    }

    /// <summary>
    /// Identifies what the scores depend on — rule, label, features, weights — and not the
    /// threshold, so a saved score window (<see cref="RouterShareStore"/>) survives a change of
    /// <c>strongShare</c> but not a retrained model.
    /// </summary>
    public string ScoreFingerprint { get; }

    public bool RouteToStrong(string prompt) => ProbabilityWeakIsGoodEnough(prompt) < Threshold;

    /// <summary>The same model with another threshold (an operator moving along the cost/quality curve).</summary>
    public LearnedRouterModel WithThreshold(double threshold, string thresholdRule) =>
        new(Features, Label, Weights, threshold, thresholdRule, Info, ScoreQuantiles, Rule, RuleEvidence);

    public string ToJson()
    {
        var bytes = new byte[Weights.Weights.Length * sizeof(float)];
        for (var i = 0; i < Weights.Weights.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), Weights.Weights[i]);
        }

        var document = new LearnedRouterModelDocument
        {
            Format = FormatVersion,
            Label = Label,
            Features = Features,
            Threshold = Threshold,
            ThresholdRule = ThresholdRule,
            Info = Info,
            Bias = Weights.Bias,
            Dimension = Weights.Weights.Length,
            Weights = bytes,
            ScoreQuantiles = ScoreQuantiles?.ToArray(),
            Rule = Rule,
            RuleEvidence = RuleEvidence,
        };
        return JsonSerializer.Serialize(document, LearnedRouterJsonContext.Default.LearnedRouterModelDocument);
    }

    /// <exception cref="InvalidDataException">Not a router file of a format and feature version this build understands.</exception>
    public static LearnedRouterModel FromJson(string json)
    {
        LearnedRouterModelDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, LearnedRouterJsonContext.Default.LearnedRouterModelDocument);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Not a router model file: {ex.Message}", ex);
        }

        if (document is null || !string.Equals(document.Format, FormatVersion, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Not a router model of format '{FormatVersion}' (found '{document?.Format}').");
        }

        if (document.Features is null || document.Weights is null || document.Info is null)
        {
            throw new InvalidDataException("The router model misses features, weights or info.");
        }

        var problems = document.Features.Validate();
        if (problems.Count > 0)
        {
            throw new InvalidDataException(string.Join(" ", problems));
        }

        if (document.Weights.Length != document.Dimension * sizeof(float))
        {
            throw new InvalidDataException($"The router model declares {document.Dimension} weights but holds {document.Weights.Length / sizeof(float)}.");
        }

        var weights = new float[document.Dimension];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(document.Weights.AsSpan(i * sizeof(float)));
        }

        try
        {
            return new LearnedRouterModel(document.Features, document.Label, new LogisticRegressionWeights(weights, document.Bias), document.Threshold, document.ThresholdRule ?? string.Empty, document.Info, document.ScoreQuantiles, document.Rule, document.RuleEvidence);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }

    private string Fingerprint()
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Rule}|{Label}|{Features}|{Weights.Bias:R}|")));
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Weights.Weights.AsSpan()));
        return Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 16));
    }

    public void Save(string path) => File.WriteAllText(path, ToJson());

    public static LearnedRouterModel Load(string path) => FromJson(File.ReadAllText(path));
}
