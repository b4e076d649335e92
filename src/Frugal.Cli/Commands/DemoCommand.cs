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
/// <c>frugal demo</c>: MockUpstream and the gateway in this process, a generated workload through
/// the gateway, then the report and what each optimisation saved. Offline, no account needed.
/// </summary>
public static class DemoCommand
{
    public static async Task<int> RunAsync(CommandLine args)
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
            var workload = DemoWorkload.Generate();
            var failures = await ReplayAsync(gateway, workload);
            Console.WriteLine($"Replayed {workload.Count} requests ({string.Join(", ", workload.GroupBy(r => r.Kind).Select(g => $"{g.Count()} {g.Key}"))}); {failures} failed.");
            Console.WriteLine();

            await app.Services.GetRequiredService<LedgerWriter>().FlushAsync(CancellationToken.None);
            var reader = app.Services.GetRequiredService<ILedgerReader>();
            var now = DateTimeOffset.UtcNow;
            var report = await reader.ReportAsync(new ReportQuery(now.AddHours(-1), now.AddMinutes(1), ReportDimension.Model), CancellationToken.None);
            Console.Write(ReportFormatter.Table(report));
            Console.WriteLine();
            PrintSavings(report.Total);
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
              }
            }
            """;
        var loaded = ConfigLoader.Parse(json, "demo");
        return loaded.Config ?? throw new InvalidOperationException("demo config invalid: " + string.Join("; ", loaded.Problems));
    }

    private static async Task<int> ReplayAsync(Uri gateway, IReadOnlyList<DemoRequest> workload)
    {
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
        var failures = 0;
        await Parallel.ForEachAsync(workload, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (request, cancellationToken) =>
        {
            using var content = new StringContent(request.Body, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), content, cancellationToken);
            _ = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref failures);
            }
        });
        return failures;
    }

    private static void PrintSavings(ReportRow total)
    {
        Console.WriteLine("What each optimisation saved:");
        var any = false;
        foreach (var (reason, usd) in total.SavedByReason.OrderByDescending(kv => kv.Value))
        {
            any = true;
            var share = total.CostUsd + total.SavedUsd == 0 ? 0 : usd / (total.CostUsd + total.SavedUsd);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {ReportFormatter.ReasonName(reason),-16} ${ReportFormatter.Money(usd)}  ({share:P1} of the unoptimised cost)"));
        }

        if (!any)
        {
            Console.WriteLine("  nothing yet");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"total",-16} ${ReportFormatter.Money(total.SavedUsd)}; spent ${ReportFormatter.Money(total.CostUsd)}"));
    }
}
