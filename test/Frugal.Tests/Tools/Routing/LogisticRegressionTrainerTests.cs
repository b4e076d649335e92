using Frugal.Core.Routing.Learned;
using Frugal.Tools.Routing;

namespace Frugal.Tests.Tools.Routing;

public sealed class LogisticRegressionTrainerTests
{
    private const int Dimension = 64;

    [Fact]
    public void Learns_a_separable_problem()
    {
        var truth = TrueWeights();
        var (trainX, trainY) = Sample(truth, 600, seed: 1);
        var (testX, testY) = Sample(truth, 300, seed: 2);

        var model = new LogisticRegressionTrainer(new LogisticRegressionOptions { Epochs = 30, L2 = 1e-5, LearningRate = 0.05, BatchSize = 32 })
            .Train(trainX, trainY, Dimension);

        var accuracy = testX.Zip(testY).Count(p => model.Probability(p.First) >= 0.5 == p.Second) / (double)testX.Length;
        Assert.True(accuracy >= 0.93, $"held-out accuracy {accuracy}");
    }

    [Fact]
    public void Training_lowers_the_objective()
    {
        var (x, y) = Sample(TrueWeights(), 400, seed: 3);
        var trainer = new LogisticRegressionTrainer(new LogisticRegressionOptions { Epochs = 20, L2 = 1e-4, LearningRate = 0.05 });

        var start = trainer.Objective(new LogisticRegressionWeights(new float[Dimension], 0), x, y);
        var end = trainer.Objective(trainer.Train(x, y, Dimension), x, y);

        Assert.Equal(Math.Log(2), start, 6);
        Assert.True(end < 0.5 * start, $"objective {start} → {end}");
    }

    [Fact]
    public void Same_seed_same_weights_bit_for_bit()
    {
        var (x, y) = Sample(TrueWeights(), 300, seed: 4);

        var a = new LogisticRegressionTrainer(new LogisticRegressionOptions { Seed = 5 }).Train(x, y, Dimension);
        var b = new LogisticRegressionTrainer(new LogisticRegressionOptions { Seed = 5 }).Train(x, y, Dimension);
        var c = new LogisticRegressionTrainer(new LogisticRegressionOptions { Seed = 6 }).Train(x, y, Dimension);

        Assert.Equal(a.Weights, b.Weights);
        Assert.Equal(a.Bias, b.Bias);
        Assert.NotEqual(a.Weights, c.Weights);
    }

    [Fact]
    public void Stronger_l2_gives_smaller_weights()
    {
        var (x, y) = Sample(TrueWeights(), 400, seed: 8);

        var loose = new LogisticRegressionTrainer(new LogisticRegressionOptions { L2 = 1e-5, Epochs = 100, LearningRate = 0.05 }).Train(x, y, Dimension);
        var tight = new LogisticRegressionTrainer(new LogisticRegressionOptions { L2 = 1e-1, Epochs = 100, LearningRate = 0.05 }).Train(x, y, Dimension);

        Assert.True(Norm(tight.Weights) < 0.5 * Norm(loose.Weights));
    }

    [Fact]
    public void Bad_options_and_inputs_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new LogisticRegressionTrainer(new LogisticRegressionOptions { Epochs = 0 }));
        Assert.Throws<ArgumentException>(() => new LogisticRegressionTrainer(new LogisticRegressionOptions { L2 = double.NaN }));
        Assert.Throws<ArgumentException>(() => new LogisticRegressionTrainer().Train([], [], Dimension));
        Assert.Throws<ArgumentException>(() => new LogisticRegressionTrainer().Train([new SparseVector([1], [1f])], [true, false], Dimension));
    }

    private static double[] TrueWeights()
    {
        var random = new Random(42);
        return Enumerable.Range(0, Dimension).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
    }

    // Each example holds 6 random features with values ±1; the label is the sign of the true margin.
    private static (SparseVector[] X, bool[] Y) Sample(double[] truth, int count, int seed)
    {
        var random = new Random(seed);
        var x = new SparseVector[count];
        var y = new bool[count];
        for (var i = 0; i < count; i++)
        {
            var indices = Enumerable.Range(0, Dimension).OrderBy(_ => random.Next()).Take(6).Order().ToArray();
            var values = indices.Select(_ => random.Next(2) == 0 ? -1f : 1f).ToArray();
            x[i] = new SparseVector(indices, values);
            y[i] = indices.Select((index, k) => truth[index] * values[k]).Sum() > 0;
        }

        return (x, y);
    }

    private static double Norm(float[] weights) => Math.Sqrt(weights.Sum(w => (double)w * w));
}
