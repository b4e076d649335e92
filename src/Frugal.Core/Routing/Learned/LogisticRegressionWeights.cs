namespace Frugal.Core.Routing.Learned;

/// <summary>A trained logistic regression: P(y = 1 | x) = σ(w·x + b).</summary>
public sealed class LogisticRegressionWeights
{
    public LogisticRegressionWeights(float[] weights, double bias)
    {
        ArgumentNullException.ThrowIfNull(weights);
        Weights = weights;
        Bias = bias;
    }

    public float[] Weights { get; }

    public double Bias { get; }

    public double Margin(SparseVector x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.Dot(Weights) + Bias;
    }

    public double Probability(SparseVector x) => Sigmoid(Margin(x));

    public static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
