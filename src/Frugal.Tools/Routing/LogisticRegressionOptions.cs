namespace Frugal.Tools.Routing;

/// <summary>Hyper-parameters of <see cref="LogisticRegressionTrainer"/> (mini-batch Adam on the L2-regularised log loss).</summary>
public sealed record LogisticRegressionOptions
{
    /// <summary>λ in mean(log loss) + λ/2·‖w‖² (the bias is not regularised).</summary>
    public double L2 { get; init; } = 1e-4;

    public int Epochs { get; init; } = 12;

    public int BatchSize { get; init; } = 128;

    /// <summary>Adam's step size at the first epoch; it decays as 1/√epoch so the last epochs settle.</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Seeds the shuffle of each epoch: the same data and seed give the same weights, bit for bit.</summary>
    public int Seed { get; init; } = 1;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!(L2 >= 0) || double.IsInfinity(L2))
        {
            problems.Add("L2 must be a finite number ≥ 0.");
        }

        if (Epochs is < 1 or > 1000)
        {
            problems.Add("Epochs must be from 1 to 1000.");
        }

        if (BatchSize < 1)
        {
            problems.Add("BatchSize must be at least 1.");
        }

        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
        {
            problems.Add("LearningRate must be a finite number > 0.");
        }

        return problems;
    }
}
