using System.Globalization;
using System.Text;
using Frugal.Cli.Demo;
using Frugal.Core.Accounting.Ledger;
using Frugal.Core.Accounting.Reports;
using Frugal.Core.Configuration;
using Frugal.MockUpstream;
using Frugal.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Cli.Commands;

/// <summary>
/// <c>frugal demo</c>: MockUpstream and the gateway in this process with the exact and semantic caches, <c>auto</c>
/// routing and a budget with a downgrade threshold on; a realistic workload through the gateway (Banking77 FAQ
/// paraphrases, easy and hard prompts to <c>auto</c>, long conversations); then the report, with Frugal's own savings
/// apart from the provider's prompt-cache discount. Offline, no account needed. The semantic cache uses the configured
/// default embedder and threshold.
/// </summary>
public static class DemoCommand
{
    /// <summary>
    /// The demo's global daily budget and its downgrade threshold: the workload spends about half of it, so the
    /// threshold is crossed halfway through and later <c>auto</c> prompts start a tier lower. Output is capped at 512
    /// tokens per call so each call's worst-case reservation stays a few cents.
    /// </summary>
    private const decimal BudgetUsd = 0.10m;

    private const decimal DowngradeAt = 0.25m;

    public static async Task<int> RunAsync(ParsedArgs args)
    {
        var dataDir = args.Option("data-dir") ?? Path.Combine(Path.GetTempPath(), "frugal-demo-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        var urls = args.Option("urls") ?? "http://127.0.0.1:0";
        var exit = args.Flag("exit");
        args.EnsureAllRead();
        if (!exit)
        {
            InheritedSignals.RestoreInterrupt(); // before the host starts: the runtime decides at its first signal registration
        }

        await using var mock = await MockUpstreamServer.StartAsync();
        var config = DemoConfig(dataDir, mock.BaseUri);
        var app = GatewayHost.Build(config, new GatewayHostOptions { Urls = [urls], LogLevel = Microsoft.Extensions.Logging.LogLevel.Warning });
        await app.StartAsync();
        try
        {
            var gateway = new Uri(app.Urls.First());
            Console.WriteLine($"Frugal demo: gateway {gateway} → MockUpstream {mock.BaseUri} (data in {dataDir})");
            Console.WriteLine($"On: exact cache, semantic cache (embedder \"{config.Cache.Semantic.Embedder.Kind}\", threshold {config.Cache.Semantic.Threshold.ToString(CultureInfo.InvariantCulture)}, verifier on), auto routing, budget ${BudgetUsd.ToString(CultureInfo.InvariantCulture)}/day with a downgrade at {DowngradeAt.ToString("P0", CultureInfo.InvariantCulture)}");
            var faq = DemoFaqSample.Load();
            var workload = DemoWorkload.Generate(faq);
            using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
            var outcomes = await CliProgress.RunAsync("Warming up: replaying the demo workload", progress => DemoReplay.RunAsync(http, workload, CancellationToken.None, progress));
            var failures = outcomes.Count(o => o.Status >= 400);
            Console.WriteLine($"Replayed {workload.Count} requests ({string.Join(", ", workload.GroupBy(r => r.Kind).Select(g => $"{g.Count()} {g.Key}"))}); {failures} failed.");
            Console.WriteLine();

            await app.Services.GetRequiredService<LedgerWriter>().FlushAsync(CancellationToken.None);
            var (right, wrong, withdrawn) = await ReportWrongHitsAsync(http, new DemoHitJudge(faq), outcomes);
            DemoReport.PrintTraffic(Console.Out, outcomes, right, wrong, withdrawn);
            Console.WriteLine();

            var reader = app.Services.GetRequiredService<ILedgerReader>();
            var now = DateTimeOffset.UtcNow;
            var report = await reader.ReportAsync(new ReportQuery(now.AddHours(-1), now.AddMinutes(1), ReportDimension.Model), CancellationToken.None);
            Console.Write(ReportFormatter.Table(report));
            Console.WriteLine();
            DemoReport.PrintSavings(Console.Out, report.Total);
            Console.WriteLine();
            Console.WriteLine($"Dashboard: {new Uri(gateway, "/dashboard")}");
            if (!exit)
            {
                await DemoServing.UntilInterruptedAsync();
            }

            return failures == 0 ? 0 : 1;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static GatewayConfig DemoConfig(string dataDir, Uri mock)
    {
        var mockUrl = mock.AbsoluteUri.TrimEnd('/');
        var json = $$"""
            {
              "dataDir": {{System.Text.Json.JsonSerializer.Serialize(dataDir, CliJsonContext.Default.String)}},
              "auth": { "mode": "none" },
              "providers": {
                "mock": { "kind": "openai", "baseUrl": "{{mockUrl}}/v1", "apiKeyEnv": "MOCK_API_KEY" },
                "mock-anthropic": { "kind": "anthropic", "baseUrl": "{{mockUrl}}", "apiKeyEnv": "MOCK_API_KEY" }
              },
              "models": {
                "gpt-4o-mini": { "provider": "mock" },
                "gpt-4o": { "provider": "mock" },
                "claude-sonnet-4": { "provider": "mock-anthropic", "upstreamModel": "claude-sonnet-4-20250514" }
              },
              "cache": { "enabled": true, "semantic": { "enabled": true } },
              "budgets": {
                "defaultMaxOutputTokens": 512,
                "limits": [
                  { "id": "demo-daily", "scope": "global", "window": "daily", "usd": {{BudgetUsd.ToString(CultureInfo.InvariantCulture)}},
                    "thresholds": [ { "at": {{DowngradeAt.ToString(CultureInfo.InvariantCulture)}}, "action": "downgrade" } ] }
                ]
              }
            }
            """;
        var loaded = ConfigLoader.Parse(json, "demo");
        return loaded.Config ?? throw new InvalidOperationException("demo config invalid: " + string.Join("; ", loaded.Problems));
    }

    /// <summary>
    /// Reports every semantic hit that answered a question of another intent as wrong, as a user would: the gateway
    /// evicts the entry and withdraws the hit's saving from the ledger. Returns right and wrong hits and the USD withdrawn.
    /// </summary>
    private static async Task<(int Right, int Wrong, decimal Withdrawn)> ReportWrongHitsAsync(HttpClient http, DemoHitJudge judge, IReadOnlyList<DemoOutcome> outcomes)
    {
        int right = 0, wrong = 0;
        var withdrawn = 0m;
        foreach (var outcome in outcomes)
        {
            if (outcome.CacheOutcome is not ("semantic-hit" or "hit") || judge.SameIntent(outcome) is not { } same)
            {
                continue;
            }

            if (same)
            {
                right++;
                continue;
            }

            wrong++;
            using var content = new StringContent($$"""{"request_id":"{{outcome.RequestId}}","wrong":true}""", Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri("/admin/cache/feedback", UriKind.Relative), content);
            if (response.IsSuccessStatusCode)
            {
                using var answer = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                withdrawn += answer.RootElement.GetProperty("saving_voided_usd").GetDecimal();
            }
        }

        return (right, wrong, withdrawn);
    }
}
