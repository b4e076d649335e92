using Frugal.Core.Accounting.Reports;
using Frugal.Core.Routing.Learned;
using Frugal.Core.Routing.Shadow;
using Frugal.Storage.Sqlite;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Frugal.Tests.Routing.RoutingTestData;

namespace Frugal.Tests.Routing;

/// <summary>
/// Shadow labelling end to end: requests answered by the cheap tier are re-asked of the powerful model
/// and judged off the client's path; labels land in ledger.db's router_labels, each shadow and judge
/// call is its own "evaluation" ledger entry, and `frugal router train --from-ledger` trains on labels.
/// The mock judge's verdict comes from a [[reply:…]] directive in the prompt the judge is shown.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ShadowLabellingTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "frugal-shadow-tests", Guid.NewGuid().ToString("N"));

    public ShadowLabellingTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Sampled_cheap_answers_are_judged_off_the_client_path_and_stored_as_labels()
    {
        await using var gateway = await TestGateway.StartAsync(extraJson: """
            , "routes": {
                "labelled": { "strategy": "complexity",
                              "tiers": { "fast": "gpt-4o-mini", "balanced": "mock/gpt-4o", "powerful": "claude-sonnet-4" },
                              "shadow": { "sample": 1.0, "judge": "mock/judge-model" } }
              }
            """);

        using var good = await gateway.PostJsonAsync("/v1/chat/completions", Chat("labelled", "translate hello [[reply:yes]]"));
        using var bad = await gateway.PostJsonAsync("/v1/chat/completions", Chat("labelled", "summarize this [[reply:No, it misses the point.]]", stream: true));
        using var strong = await gateway.PostJsonAsync("/v1/chat/completions", Chat("labelled", "Prove the theorem and derive the architecture trade-off for a distributed system"));
        Assert.Equal(200, (int)good.StatusCode);
        Assert.Equal("yes", Answer(await good.Content.ReadAsStringAsync(), stream: false)); // the client's answer is untouched
        Assert.Equal("No, it misses the point.", Answer(await bad.Content.ReadAsStringAsync(), stream: true));
        Assert.Equal("claude-sonnet-4-20250514", Header(strong, "x-frugal-model"));

        var store = gateway.App.Services.GetRequiredService<IRouterLabelStore>();
        var labels = await WaitForLabelsAsync(store, 2);
        Assert.Equal(2, labels.Count);
        var yes = Assert.Single(labels, l => l.Prompt.Contains("translate hello", StringComparison.Ordinal));
        var no = Assert.Single(labels, l => l.Prompt.Contains("summarize this", StringComparison.Ordinal));
        Assert.True(yes.WeakGoodEnough);
        Assert.False(no.WeakGoodEnough);
        Assert.All(labels, l =>
        {
            Assert.Equal("labelled", l.Route);
            Assert.Equal("gpt-4o-mini", l.WeakModel);
            Assert.Equal("claude-sonnet-4", l.StrongModel);
            Assert.Equal("mock/judge-model", l.JudgeModel);
        });
        Assert.Equal(Header(good, "x-frugal-request-id"), yes.RequestId);

        // Two evaluation entries per label (shadow + judge), none for the request the strong model answered.
        var evaluations = await LedgerRows.WaitForAsync(gateway, 4, "endpoint = 'evaluation'");
        Assert.Equal(4, evaluations.Count);
        var goodId = Header(good, "x-frugal-request-id");
        var shadow = Assert.Single(evaluations, e => e.Text("request_id") == $"{goodId}-shadow");
        Assert.Equal("claude-sonnet-4", shadow.Text("requested_model"));
        Assert.True(shadow.Long("cost_nusd") > 0);
        var judge = Assert.Single(evaluations, e => e.Text("request_id") == $"{goodId}-judge");
        Assert.Equal("mock/judge-model", judge.Text("model"));
        Assert.DoesNotContain(evaluations, e => e.Text("request_id")!.StartsWith(Header(strong, "x-frugal-request-id"), StringComparison.Ordinal));

        // Reports by endpoint keep labelling spend apart from client spend.
        Assert.True(ReportQueries.TryCreate("1d", "endpoint", TimeProvider.System, out var query, out var problem), problem);
        var report = await gateway.App.Services.GetRequiredService<ILedgerReader>().ReportAsync(query, CancellationToken.None);
        Assert.Equal(4, report.Rows.Single(r => r.Group == "evaluation").Requests);
        Assert.Equal(3, report.Rows.Single(r => r.Group == "chat").Requests);

        // The client entries stay client entries, billed for their own call only.
        var clientEntry = await LedgerEntryAsync(gateway, good);
        Assert.Equal("chat", clientEntry.Text("endpoint"));
        Assert.Equal(1, clientEntry.Long("attempts"));
        var judgeRequest = gateway.Mock.RecentRequests.Single(r => r.Body.Contains("\"mock/judge-model\"", StringComparison.Ordinal) || (r.Body.Contains("\"judge-model\"", StringComparison.Ordinal) && r.Body.Contains("translate hello", StringComparison.Ordinal)));
        Assert.Contains("CANDIDATE", judgeRequest.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Router_train_from_ledger_trains_on_the_stored_labels()
    {
        var store = new SqliteRouterLabelStore(new SqliteDatabase(Path.Combine(_dir, "ledger.db")));
        var i = 0;
        foreach (var example in SyntheticRouterData.Create(300, seed: 11))
        {
            await store.AddAsync(new RouterLabelRecord(DateTimeOffset.UnixEpoch.AddMinutes(i), $"req-{i++}", "auto", example.Prompt, "gpt-4o-mini", "claude-sonnet-4", "gpt-4o", example.WeakCorrect, example.WeakCorrect ? "YES" : "NO"), CancellationToken.None);
        }

        var output = Path.Combine(_dir, "router.json");
        var (code, stdout, stderr) = await CliRunner.RunAsync("router", "train", "--from-ledger", "--data-dir", _dir, "--route", "auto", "--out", output);

        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("Data: 300 rows from the router_labels of", stdout, StringComparison.Ordinal);
        var model = LearnedRouterModel.Load(output);
        Assert.Equal("gpt-4o-mini", model.Info.WeakModel);
        Assert.Equal("claude-sonnet-4", model.Info.StrongModel);
        Assert.NotNull(model.ScoreQuantiles);
        Assert.True(model.ProbabilityWeakIsGoodEnough("Tell me about the capital of France, please.") > model.ProbabilityWeakIsGoodEnough("Tell me about Galois cohomology, please."));
    }

    [Fact]
    public async Task Router_train_from_an_empty_ledger_says_what_is_missing()
    {
        _ = new SqliteRouterLabelStore(new SqliteDatabase(Path.Combine(_dir, "ledger.db")));

        var (code, _, stderr) = await CliRunner.RunAsync("router", "train", "--from-ledger", "--data-dir", _dir, "--out", Path.Combine(_dir, "r.json"));

        Assert.Equal(1, code);
        Assert.Contains("holds no router labels", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("YES", true)]
    [InlineData("no.", false)]
    [InlineData("Yes — the candidate is correct.", true)]
    [InlineData("Verdict: NO, it is wrong", false)]
    [InlineData("maybe", null)]
    [InlineData("", null)]
    public void Judge_verdicts_are_parsed_from_the_first_yes_or_no(string reply, bool? expected)
        => Assert.Equal(expected, JudgePrompt.Parse(reply));

    private static Task<IReadOnlyList<RouterLabelRecord>> WaitForLabelsAsync(IRouterLabelStore store, int count)
        => Eventually.UntilAsync(
            () => store.ReadAsync("labelled", CancellationToken.None),
            labels => labels.Count >= count,
            TimeSpan.FromSeconds(15));
}
