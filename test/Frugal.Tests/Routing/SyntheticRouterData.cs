using Frugal.Tools.Routing;

namespace Frugal.Tests.Routing;

/// <summary>
/// Prompts whose topic decides the outcome: "hard" topics the weak model gets wrong and the
/// strong one right; "easy" ones both get right; a few where both fail. A router that reads
/// words can learn it; prompt length alone cannot (both kinds have similar lengths).
/// </summary>
public static class SyntheticRouterData
{
    private static readonly string[] HardTopics = ["renormalisation group flow", "Galois cohomology", "spectral sequence convergence", "tensor network contraction order", "Ramsey number bounds"];
    private static readonly string[] EasyTopics = ["the capital of France", "the colour of the sky", "how many legs a cat has", "the day after Monday", "what water is made of"];
    private static readonly string[] Frames = ["Question: what about {0}?", "Tell me about {0}, please.", "Quick one on {0}.", "I need an answer on {0} today."];

    public static List<RouterExample> Create(int count, int seed)
    {
        var random = new Random(seed);
        var examples = new List<RouterExample>(count);
        for (var i = 0; i < count; i++)
        {
            var hard = random.Next(3) == 0;
            var topic = hard ? HardTopics[random.Next(HardTopics.Length)] : EasyTopics[random.Next(EasyTopics.Length)];
            var prompt = string.Format(System.Globalization.CultureInfo.InvariantCulture, Frames[random.Next(Frames.Length)], topic) + $" (#{seed}-{i})";
            var bothWrong = random.Next(20) == 0;
            examples.Add(new RouterExample(prompt, WeakCorrect: !hard && !bothWrong, StrongCorrect: !bothWrong));
        }

        return examples;
    }
}
