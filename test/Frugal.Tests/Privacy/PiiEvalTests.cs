using Frugal.Core.Privacy;
using Frugal.Tests.Infrastructure;
using Frugal.Tools.Privacy;

namespace Frugal.Tests.Privacy;

/// <summary>The goals on the data: Presidio's synthetic set (held-out half) and the generated Chinese set.</summary>
public sealed class PiiEvalTests
{
    private static readonly PiiScanner Scanner = PiiScanner.Create(new PrivacyConfig());

    [SharedDataFact]
    public void Presidio_held_out_half_reaches_f1_095_per_supported_type_and_recall_084_overall()
    {
        var samples = PresidioDataset.Load(Path.Combine(SharedDataFactAttribute.Folder, "presidio-synth-dev", "synth_dataset_v2-dev.json"));

        var report = PiiEvaluator.Evaluate("held-out", [.. samples.Where(s => !PresidioDataset.IsDev(s))], Scanner);

        foreach (var score in report.Entities)
        {
            Assert.True(score.F1 >= 0.95, $"{score.EntityType}: F1 {score.F1:F3}");
        }

        Assert.True(report.Overall.Recall >= 0.84, $"overall recall {report.Overall.Recall:F3}");
        Assert.Contains("PERSON", report.Unsupported.Keys);
    }

    [Fact]
    public void The_generated_chinese_set_is_deterministic_and_recall_is_high()
    {
        var first = ChineseTestSet.Generate(500, 18);
        var second = ChineseTestSet.Generate(500, 18);
        Assert.Equal(first.Select(s => s.Text), second.Select(s => s.Text));

        var report = PiiEvaluator.Evaluate("cn", first, Scanner);

        Assert.True(report.Overall.Recall >= 0.95, $"recall {report.Overall.Recall:F3}");
        Assert.Equal(250, report.Overall.Gold);
    }
}
