namespace Frugal.Tests.Pipeline.AddAStage;

/// <summary>
/// A stage added with three new files and one <c>Use…</c> line runs in the pipeline (it gets its own span like every
/// stage) and its feature reaches the ledger entry without an edit to RequestLedger or LedgerEntry.
/// </summary>
public sealed class AddAStageTests : IDisposable
{
    private readonly StageHarness _harness = new();

    [Fact]
    public async Task The_new_stages_feature_reaches_the_ledger_entry_for_answers_and_streams()
    {
        var pipeline = _harness.Build(b => b.UseRegionTag("eu-west"));

        var answered = await pipeline.SendAsync(_harness.Request(stream: false), CancellationToken.None);
        var opened = await pipeline.StreamAsync(_harness.Request(), CancellationToken.None);
        await using (var stream = opened.Value!)
        {
            await foreach (var _ in stream.Chunks)
            {
            }
        }

        Assert.True(answered.IsSuccess);
        Assert.Equal(2, _harness.Sink.Entries.Count);
        Assert.All(_harness.Sink.Entries, entry => Assert.Contains("region:eu-west", entry.Tags));
        Assert.All(_harness.Sink.Entries, entry => Assert.Equal(200, entry.StatusCode));
    }

    [Fact]
    public async Task Without_the_stage_the_entry_has_no_such_tag()
    {
        var pipeline = _harness.Build();

        await pipeline.SendAsync(_harness.Request(stream: false), CancellationToken.None);

        Assert.DoesNotContain(Assert.Single(_harness.Sink.Entries).Tags, tag => tag.StartsWith("region:", StringComparison.Ordinal));
    }

    public void Dispose() => _harness.Dispose();
}
