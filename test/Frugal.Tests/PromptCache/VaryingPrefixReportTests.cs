using Frugal.Core.Accounting.Reports;
using Frugal.MockUpstream;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenAI.Chat;
using Xunit.Abstractions;

namespace Frugal.Tests.PromptCache;

/// <summary>
/// A system prompt that starts with a request id never hits a provider cache: the ledger records where it varies and
/// what that costs, and <c>frugal report --by prefix</c> says so with a monthly figure.
/// </summary>
[Trait("Category", "Slow")]
public sealed class VaryingPrefixReportTests(ITestOutputHelper output)
{
    private const string Claude = "pc-anthropic/claude-sonnet-4-20250514";
    private const string StageOn = """, "promptCache": { "providers": { "pc-anthropic": "auto" } }""";

    [Fact]
    public async Task A_request_id_at_the_start_of_the_system_prompt_is_reported_with_where_it_varies_and_its_monthly_cost()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await TestGateway.StartAsync(extraJson: StageOn, extraProviders: PromptCacheWorkload.Providers, mockOptions: new MockUpstreamOptions { SimulatePromptCaching = true, Time = clock }, time: clock);
        var client = gateway.ChatClient(Claude);
        for (var i = 0; i < 10; i++)
        {
            await client.CompleteChatAsync(
                [new SystemChatMessage($"Request id r-{i:D4}.\n" + PromptCacheWorkload.SystemPrompt()), new UserChatMessage($"Question {i}")],
                PromptCacheWorkload.Options());
            clock.Advance(TimeSpan.FromSeconds(30));
        }

        await LedgerRows.WaitForAsync(gateway, 10);
        var reader = gateway.App.Services.GetRequiredService<ILedgerReader>();
        var until = clock.GetUtcNow().AddMinutes(1);
        var report = await reader.ReportAsync(new ReportQuery(until.AddDays(-1), until, ReportDimension.Prefix), CancellationToken.None);
        var table = ReportFormatter.Table(report);
        output.WriteLine(table);

        var varying = Assert.Single(report.Rows, row => row.Group.Contains("varies", StringComparison.Ordinal));
        Assert.Equal(Claude + ": system prompt varies at char 16", varying.Group); // "Request id r-000" is 16 characters
        Assert.Equal(9, varying.Requests); // the first call had nothing to differ from
        Assert.True(varying.VaryingPrefixUsd > 0);
        Assert.Contains(Claude + ": system prompt varies at char 16 in 9 call(s); moving the varying text after the fixed text would save ≈ $", table, StringComparison.Ordinal);
    }
}
