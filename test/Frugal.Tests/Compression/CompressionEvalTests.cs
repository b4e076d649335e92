using Frugal.Tests.Infrastructure;
using Frugal.Tools.Compression;

namespace Frugal.Tests.Compression;

/// <summary>The eval on a slice of the shared NQ-open file: the contexts are hard, and the default technique still keeps the answer.</summary>
public sealed class CompressionEvalTests
{
    private static readonly string DataPath = Path.Combine(SharedDataFactAttribute.Folder, "nq-open-dev", "nq-open-oracle-dev.jsonl.gz");

    [SharedDataFact]
    public void On_a_report_slice_selection_beats_truncation_and_meets_the_issue_goals()
    {
        var examples = NqOpenDataset.Load(DataPath);
        var contexts = HardDistractors.Build(examples, distractors: 19, devShare: 0.5).FindAll(c => !c.IsDev).GetRange(0, 150);

        var points = new CompressionEvaluator(new CompressionEvalOptions { Ratios = [4, 10] }).Run(contexts);

        Assert.All(contexts, c => Assert.InRange(c.Passages.Count, 2, 20));
        Assert.True(contexts.Count(c => c.Passages.Count == 20) >= 140); // a few questions share words with fewer than 19 answer-free passages
        Assert.All(contexts, c => Assert.True(AnswerMatch.ContainsAny(AnswerMatch.Normalize(c.Passages[c.GoldIndex]), c.Answers)));
        Assert.All(contexts, c => Assert.DoesNotContain(c.Passages.Where((_, i) => i != c.GoldIndex), p => AnswerMatch.ContainsAny(AnswerMatch.Normalize(p), c.Answers)));
        var select4 = points.Single(p => p.Technique == "select (default)" && p.TargetRatio == 4);
        var select10 = points.Single(p => p.Technique == "select (default)" && p.TargetRatio == 10);
        var truncate4 = points.Single(p => p.Technique == "truncation" && p.TargetRatio == 4);
        Assert.InRange(select4.AchievedRatio, 3.6, 4.6);
        Assert.InRange(select10.AchievedRatio, 9, 11.5);
        Assert.True(select4.Retention >= 0.85, $"4x: {select4.Retention:P1}"); // 150 contexts: a little slack under the full report's figure
        Assert.True(select10.Retention >= 0.75, $"10x: {select10.Retention:P1}");
        Assert.True(select4.Retention > truncate4.Retention + 0.4, $"select {select4.Retention:P1} vs truncation {truncate4.Retention:P1}");
        Assert.Equal(1.0, points.Single(p => p.Technique == "lossless").Retention);
    }
}
