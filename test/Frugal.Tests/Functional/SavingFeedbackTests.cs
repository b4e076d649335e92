using System.ClientModel;
using System.Text.Json;
using Frugal.Tests.Infrastructure;
using OpenAI.Chat;
using static Frugal.Tests.Functional.CacheTestHelpers;

namespace Frugal.Tests.Functional;

/// <summary>
/// Issue #14 item 7, savings stay honest: a semantic hit reported wrong through <c>/admin/cache/feedback</c> keeps its
/// ledger row (marked <c>feedback = 'wrong'</c>, the saving kept in <c>saving_voided_nusd</c>) but its saving leaves
/// the report totals and the dashboard totals (real SQLite ledger and rollups, real gateway, the OpenAI SDK).
/// </summary>
public sealed class SavingFeedbackTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
        => _gateway = await TestGateway.StartAsync(extraJson: """
            , "cache": { "enabled": true, "semantic": { "enabled": true, "embedder": "hashing", "threshold": 0.55 } }
            """);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_semantic_hit_reported_wrong_stays_in_the_ledger_marked_and_its_saving_leaves_reports_and_dashboard()
    {
        const string system = "sav-fb-1 You answer banking questions.";
        await AskAsync(system, "How do I change my card's PIN?");
        var hit = await AskAsync(system, "how do i change my cards pin");
        Assert.Equal("semantic-hit", Outcome(hit));
        var id = RequestId(hit);
        var row = Assert.Single(await LedgerRows.WaitForAsync(_gateway, 1, $"request_id = '{id}'"));
        var saving = row.Usd("saved_semantic_cache_nusd")!.Value;
        Assert.True(saving > 0m);
        var (reportBefore, reportSemanticBefore) = await ReportSavedAsync();
        var dashboardBefore = await DashboardSavedAsync();

        using var feedback = await _gateway.PostJsonAsync("/admin/cache/feedback", $$"""{"request_id":"{{id}}","wrong":true}""");
        var answer = JsonDocument.Parse(await feedback.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(200, (int)feedback.StatusCode);
        Assert.True(answer.GetProperty("ledger_marked").GetBoolean());
        Assert.Equal(saving, answer.GetProperty("saving_voided_usd").GetDecimal());
        var marked = Assert.Single(await LedgerRows.ReadAsync(_gateway.DataDir, $"request_id = '{id}'"));
        Assert.Equal("wrong", marked.Text("feedback"));
        Assert.Equal("semantic-hit", marked.Text("cache_outcome")); // what happened is kept; only the claim is withdrawn
        Assert.Equal(saving, marked.Usd("saving_voided_nusd"));
        Assert.Equal(0m, marked.Usd("saved_semantic_cache_nusd"));
        var (reportAfter, reportSemanticAfter) = await ReportSavedAsync();
        Assert.Equal(reportBefore - saving, reportAfter);
        Assert.Equal(reportSemanticBefore - saving, reportSemanticAfter);
        var dashboardAfter = await DashboardSavedAsync();
        Assert.Equal(dashboardBefore.Saved - saving, dashboardAfter.Saved);
        Assert.Equal(dashboardBefore.Voided + saving, dashboardAfter.Voided);
        Assert.Equal(dashboardBefore.Requests, dashboardAfter.Requests); // the row still counts as a request
    }

    [Fact]
    public async Task Reporting_the_same_answer_twice_voids_its_saving_once()
    {
        const string system = "sav-fb-2 You answer banking questions.";
        await AskAsync(system, "Why was my transfer declined?");
        var hit = await AskAsync(system, "why was my transfer declined");
        var id = RequestId(hit);
        await LedgerRows.WaitForAsync(_gateway, 1, $"request_id = '{id}'");

        using (var first = await _gateway.PostJsonAsync("/admin/cache/feedback", $$"""{"request_id":"{{id}}","wrong":true}"""))
        {
            Assert.Equal(200, (int)first.StatusCode);
        }

        var (reportBefore, _) = await ReportSavedAsync();
        using var second = await _gateway.PostJsonAsync("/admin/cache/feedback", $$"""{"request_id":"{{id}}","wrong":true}""");

        Assert.Equal(404, (int)second.StatusCode); // already reported: nothing left to evict or to void
        Assert.Equal(reportBefore, (await ReportSavedAsync()).Saved);
    }

    private async Task<ClientResult<ChatCompletion>> AskAsync(string system, string question)
        => await _gateway.ChatClient("gpt-4o-mini").CompleteChatAsync([new SystemChatMessage(system), new UserChatMessage(question)]);

    private async Task<(decimal Saved, decimal Semantic)> ReportSavedAsync()
    {
        var total = JsonDocument.Parse(await _gateway.Http.GetStringAsync(new Uri("/admin/reports?since=1h&format=json", UriKind.Relative))).RootElement.GetProperty("total");
        return (total.GetProperty("saved_usd").GetDecimal(), total.GetProperty("saved_by_reason").GetProperty("semantic_cache").GetDecimal());
    }

    private async Task<(decimal Saved, decimal Voided, long Requests)> DashboardSavedAsync()
    {
        var totals = JsonDocument.Parse(await _gateway.Http.GetStringAsync(new Uri("/admin/dashboard/summary?period=24h", UriKind.Relative))).RootElement.GetProperty("totals");
        return (totals.GetProperty("savedUsd").GetDecimal(), totals.GetProperty("savingVoidedUsd").GetDecimal(), totals.GetProperty("requests").GetInt64());
    }
}
