using Frugal.Core.Routing.Learned;

namespace Frugal.Tools.Routing;

/// <summary>
/// L2-regularised logistic regression trained with mini-batch Adam. Written here rather than
/// taken from ML.NET because the router needs a few hundred lines, not a framework: sparse
/// hashed inputs, a seeded shuffle (so training is reproducible bit for bit), and weights that
/// serialise as one float array.
/// </summary>
/// <remarks>
/// Per batch the gradient is accumulated sparsely (only the features the batch holds); the Adam
/// step is dense, so the L2 term acts on every weight at every step and training converges to
/// the regularised optimum rather than to wherever it was stopped. That matters beyond
/// accuracy: the router's threshold is chosen on cross-validation models and applied to the
/// final one, which only transfers when both are (near) the same well-defined optimum. With
/// 2^16 buckets the dense step costs less than the batch's sparse part.
/// </remarks>
public sealed class LogisticRegressionTrainer
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;

    private readonly LogisticRegressionOptions _options;

    public LogisticRegressionTrainer(LogisticRegressionOptions? options = null)
    {
        _options = options ?? new LogisticRegressionOptions();
        var problems = _options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }
    }

    public LogisticRegressionOptions Options => _options;

    /// <summary>Fits weights of length <paramref name="dimension"/> to <paramref name="features"/> and <paramref name="labels"/>.</summary>
    public LogisticRegressionWeights Train(IReadOnlyList<SparseVector> features, IReadOnlyList<bool> labels, int dimension, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.Count != labels.Count)
        {
            throw new ArgumentException("There must be one label per feature vector.", nameof(labels));
        }

        if (features.Count == 0)
        {
            throw new ArgumentException("Training needs at least one example.", nameof(features));
        }

        var n = features.Count;
        var weights = new float[dimension];
        var gradient = new float[dimension];
        var m = new float[dimension];
        var v = new float[dimension];


        // Start the bias at the log-odds of the base rate: the first epochs then learn the features, not the prior.
        var positives = labels.Count(l => l);
        var prior = Math.Clamp((positives + 0.5) / (n + 1.0), 1e-6, 1 - 1e-6);
        var bias = Math.Log(prior / (1 - prior));
        double biasM = 0, biasV = 0;

        var order = Enumerable.Range(0, n).ToArray();
        var random = new Random(_options.Seed);
        var batchSize = Math.Min(_options.BatchSize, n);
        var l2 = (float)_options.L2;
        var step = 0;
        for (var epoch = 0; epoch < _options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            random.Shuffle(order);
            var learningRate = _options.LearningRate / Math.Sqrt(epoch + 1);
            for (var start = 0; start < n; start += batchSize)
            {
                step++;
                var end = Math.Min(n, start + batchSize);
                var scale = 1.0f / (end - start);
                var biasGradient = 0.0;
                for (var k = start; k < end; k++)
                {
                    var x = features[order[k]];
                    var error = (float)(LogisticRegressionWeights.Sigmoid(x.Dot(weights) + bias) - (labels[order[k]] ? 1 : 0));
                    biasGradient += error;
                    var indices = x.Indices;
                    var values = x.Values;
                    var g = error * scale;
                    for (var j = 0; j < indices.Length; j++)
                    {
                        gradient[indices[j]] += g * values[j];
                    }
                }

                var correction1 = 1 - Math.Pow(Beta1, step);
                var correction2 = 1 - Math.Pow(Beta2, step);
                var rate = (float)(learningRate * Math.Sqrt(correction2) / correction1);
                AdamUpdate(weights, gradient, m, v, l2, rate);

                biasGradient *= scale;
                biasM = (Beta1 * biasM) + ((1 - Beta1) * biasGradient);
                biasV = (Beta2 * biasV) + ((1 - Beta2) * biasGradient * biasGradient);
                bias -= learningRate * (biasM / correction1) / (Math.Sqrt(biasV / correction2) + Epsilon);
            }
        }

        return new LogisticRegressionWeights(weights, bias);
    }

    /// <summary>Mean log loss of <paramref name="model"/> on the data plus the L2 term: what training minimises.</summary>
    public double Objective(LogisticRegressionWeights model, IReadOnlyList<SparseVector> features, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(model);
        var loss = 0.0;
        for (var i = 0; i < features.Count; i++)
        {
            var z = model.Margin(features[i]);
            var signed = labels[i] ? z : -z;
            loss += signed > 0 ? Math.Log(1 + Math.Exp(-signed)) : -signed + Math.Log(1 + Math.Exp(signed));
        }

        var norm = 0.0;
        foreach (var w in model.Weights)
        {
            norm += (double)w * w;
        }

        return (loss / features.Count) + (_options.L2 / 2 * norm);
    }

    // Dense on purpose: every weight feels the L2 pull at every step, so training minimises the
    // stated objective (a "lazy" update of only the features in the batch regularises rare
    // features less and never settles). The ε stays inside the bias-corrected rate the way
    // Adam's paper writes its efficient form.
    private static void AdamUpdate(float[] weights, float[] gradient, float[] m, float[] v, float l2, float rate)
    {
        const float b1 = (float)Beta1;
        const float b2 = (float)Beta2;
        const float eps = (float)Epsilon;
        for (var j = 0; j < weights.Length; j++)
        {
            var g = gradient[j] + (l2 * weights[j]);
            gradient[j] = 0;
            var mj = m[j] = (b1 * m[j]) + ((1 - b1) * g);
            var vj = v[j] = (b2 * v[j]) + ((1 - b2) * g * g);
            weights[j] -= rate * mj / (MathF.Sqrt(vj) + eps);
        }
    }
}
