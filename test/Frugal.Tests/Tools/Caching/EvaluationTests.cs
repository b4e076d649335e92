using Frugal.Core.Caching.Semantic.Embedding;
using Frugal.Tools.Caching;

namespace Frugal.Tests.Tools.Caching;

public sealed class EvaluationTests
{
    private readonly HashingEmbedder _embedder = new();

    [Fact]
    public void Csv_fields_may_be_quoted_with_commas_quotes_and_line_breaks()
    {
        const string Csv = "text,category\r\n\"I ordered a card, where is it?\",card_arrival\nplain,other\n\"She said \"\"hi\"\"\nthen left\",greeting\n\n";

        var rows = LabelledCsv.Read(new StringReader(Csv), "text", "category");

        Assert.Equal(
            [new("I ordered a card, where is it?", "card_arrival"), new("plain", "other"), new("She said \"hi\"\nthen left", "greeting")],
            rows);
        Assert.Throws<InvalidDataException>(() => LabelledCsv.Read(new StringReader(Csv), "text", "label"));
    }

    [Fact]
    public async Task Calibration_finds_the_lowest_threshold_that_keeps_precision()
    {
        LabelledPair[] pairs =
        [
            new("how do I reset my password", "how can I reset my password?", true),
            new("where is my card", "where is my card?", true),
            new("how do I change my address", "how do I change my home address", true),
            new("what is 2+3", "what is 2+4", false),
            new("can I cancel my order", "can't I cancel my order", false),
            new("flights to Paris", "flights to London", false),
            new("how do I reset my password", "how do I change my address", false),
        ];

        var report = await new ThresholdCalibrator(_embedder).CalibrateAsync(pairs, 0.95, CancellationToken.None);

        Assert.Equal(51, report.Points.Count);
        Assert.Equal(0.5f, report.Points[0].Threshold);
        Assert.Equal(1f, report.Points[^1].Threshold);
        Assert.Equal(3, report.VerifierRejectedDifferent);
        Assert.Equal(0, report.VerifierRejectedSame);
        Assert.NotNull(report.Recommended);
        Assert.True(report.Recommended!.Precision >= 0.95);
        Assert.All(report.Points.Where(p => p.Threshold >= report.Recommended.Threshold), p => Assert.True(p.Precision >= 0.95));
        Assert.Equal(1.0, report.Points[^1].Precision); // identical texts only: never wrong
    }

    [Fact]
    public async Task Stream_replay_counts_hits_and_checks_labels()
    {
        LabelledText[] warm =
        [
            new("how do I reset my password", "password"),
            new("where is my new card", "card"),
            new("how do I order a new card", "order_card"),
        ];
        LabelledText[] stream =
        [
            new("How can I reset my password?", "password"), // right hit
            new("where is my new card?", "card"),           // right hit
            new("how do I order a new virtual card", "virtual_card"), // wrong hit at low thresholds
            new("tell me a joke about penguins", "joke"),   // miss, then learnt
            new("tell me a joke about penguins!", "joke"),  // hits the learnt query
            new("can't I reset my password", "password_negated"), // verifier rejects the warm entry
        ];

        var report = await new CacheStreamEvaluator(_embedder).EvaluateAsync(warm, stream, CancellationToken.None);
        var low = report.Points[0];
        var high = report.Points.Single(p => Math.Abs(p.Threshold - 0.9f) < 1e-6);

        Assert.Equal(50, report.Points.Count);
        Assert.Equal(6, low.Queries);
        Assert.True(low.Hits >= 4, $"hits at 0.50: {low.Hits}");
        Assert.True(low.CorrectHits < low.Hits, "the virtual card query is a wrong hit at 0.50");
        Assert.Equal(1.0, high.Precision);
        Assert.True(high.Hits >= 2, $"hits at 0.90: {high.Hits}");
        Assert.True(report.NearestRejected >= 1);
        Assert.NotNull(report.BestAtPrecision(0.95));

        var noLearning = await new CacheStreamEvaluator(_embedder, new CacheEvalOptions { Learn = false }).EvaluateAsync(warm, stream, CancellationToken.None);
        Assert.True(noLearning.Points[^1].Hits < report.Points[^1].Hits, "without learning the repeated joke cannot hit");
    }
}
