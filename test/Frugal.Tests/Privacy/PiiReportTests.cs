using Frugal.Core.Accounting.Reports;
using Frugal.Core.Admission;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;
using Xunit.Abstractions;

namespace Frugal.Tests.Privacy;

/// <summary>
/// <c>frugal report --by pii</c> over real ledger rows: requests with personal data sent through the gateway (privacy
/// on, keys mode, two keys, two routes) are counted per entity type by route and by key; names are shown safely.
/// </summary>
public sealed class PiiReportTests(ITestOutputHelper output)
{
    private const string Privacy = """, "privacy": { "enabled": true }""";

    [Fact]
    public async Task Entities_are_counted_per_type_by_route_and_by_key_and_names_are_escaped()
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", extraJson: Privacy);
        var keys = gateway.App.Services.GetRequiredService<IKeyStore>();
        var (_, crm) = await VirtualKeys.CreateAsync(keys, "crm", "sales", [], TimeProvider.System, CancellationToken.None);
        var (_, hostile) = await VirtualKeys.CreateAsync(keys, "=cmd\u001b[2J\nfake", "ops", [], TimeProvider.System, CancellationToken.None);

        await gateway.ChatClient("gpt-4o-mini", crm).CompleteChatAsync([new UserChatMessage("Mail a@example.com and b@example.org")]);
        await gateway.ChatClient("claude-sonnet-4", crm).CompleteChatAsync([new UserChatMessage("Mail c@example.com, call 13812345678")]);
        await gateway.ChatClient("gpt-4o-mini", hostile).CompleteChatAsync([new UserChatMessage("Mail d@example.com")]);
        await gateway.ChatClient("gpt-4o-mini", hostile).CompleteChatAsync([new UserChatMessage("Nothing personal here")]);
        await LedgerRows.WaitForAsync(gateway, 4);

        var now = DateTimeOffset.UtcNow;
        var report = await gateway.App.Services.GetRequiredService<ILedgerReader>().PiiReportAsync(now.AddHours(-1), now.AddMinutes(1), CancellationToken.None);
        var table = PiiReportFormatter.Table(report);
        output.WriteLine(table);

        Assert.Equal(
            [
                new PiiReportRow("route", "claude-sonnet-4", "EMAIL_ADDRESS", 1, 1),
                new PiiReportRow("route", "claude-sonnet-4", "PHONE_NUMBER", 1, 1),
                new PiiReportRow("route", "gpt-4o-mini", "EMAIL_ADDRESS", 3, 2),
                new PiiReportRow("key", "=cmd\u001b[2J\nfake", "EMAIL_ADDRESS", 1, 1),
                new PiiReportRow("key", "crm", "EMAIL_ADDRESS", 3, 2),
                new PiiReportRow("key", "crm", "PHONE_NUMBER", 1, 1),
            ],
            report.Rows);
        Assert.Contains("=cmd\\u001B[2J\\u000Afake  EMAIL_ADDRESS       1         1", table, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', table);
        Assert.Contains("\"'=cmd\u001b[2J\nfake\",EMAIL_ADDRESS,1,1", PiiReportFormatter.Csv(report), StringComparison.Ordinal);
        Assert.Contains("\"group\": \"=cmd\\u001B[2J\\nfake\"", System.Text.Encoding.UTF8.GetString(PiiReportFormatter.Json(report)), StringComparison.Ordinal);

        var earlier = await gateway.App.Services.GetRequiredService<ILedgerReader>().PiiReportAsync(now.AddHours(-2), now.AddHours(-1), CancellationToken.None);
        Assert.Empty(earlier.Rows);
        Assert.Contains("No personal data was found", PiiReportFormatter.Table(earlier), StringComparison.Ordinal);
    }
}
