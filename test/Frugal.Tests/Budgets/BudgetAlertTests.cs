using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Frugal.Core.Budgets;
using Frugal.Core.Diagnostics;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Tests.Budgets;

/// <summary>
/// Each threshold fires once per window however many requests cross it: one webhook POST (to a real
/// listener on 127.0.0.1), one log line, one metric increment, one row that <c>frugal report alerts</c>
/// lists and the budget status shows.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class BudgetAlertTests
{
    [Fact]
    public async Task Many_concurrent_requests_crossing_50_and_80_percent_fire_each_threshold_exactly_once()
    {
        await using var webhook = new WebhookReceiver();
        var budgetId = $"alerts-{Guid.NewGuid():N}"[..20];
        var measured = new ConcurrentBag<(long Value, string? Threshold)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == FrugalMetrics.MeterName && instrument.Name is "frugal.budget.alerts" or "frugal.budget.utilisation")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        var utilisation = new ConcurrentBag<double>();
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (instrument.Name == "frugal.budget.utilisation" && tag.Key == "budget" && tag.Value as string == budgetId)
                {
                    utilisation.Add(value);
                }
            }
        });
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? budget = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "budget")
                {
                    budget = tag.Value as string;
                }
            }

            if (budget == budgetId)
            {
                measured.Add((value, budget));
            }
        });
        listener.Start();
        var logs = new CapturedLogs();
        await using var gateway = await BudgetTesting.StartAsync($$"""
            { "alertWebhook": "{{webhook.Url}}", "limits": [ { "id": "{{budgetId}}", "scope": "global", "window": "daily", "usd": 0.0002 } ] }
            """, logs: logs);
        var client = gateway.ChatClient("gpt-4o-mini");

        // Waves of 10 concurrent calls: each wave's calls cross the next threshold together.
        for (var wave = 0; wave < 6; wave++)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => BudgetTesting.CallAsync(client, $"crossing {wave}-{i}", maxTokens: 30)));
            Assert.Contains(results, r => r.Status is 200 or 429);
        }

        var posts = await webhook.WaitForAsync(() => Math.Max(2, measured.Count)); // measured: counted as each alert was queued
        var thresholds = posts.Select(p => p.GetProperty("threshold").GetDecimal()).OrderBy(t => t).ToList();
        Assert.Equal(thresholds.Distinct(), thresholds); // never twice
        Assert.Equal([0.5m, 0.8m], thresholds.Where(t => t < 1m));
        var half = posts.Single(p => p.GetProperty("threshold").GetDecimal() == 0.5m);
        Assert.Equal(budgetId, half.GetProperty("budget").GetString());
        Assert.Equal("alert", half.GetProperty("action").GetString());
        Assert.True(half.GetProperty("spent_usd").GetDecimal() >= 0.0001m);

        Assert.Equal(posts.Count, measured.Count);
        Assert.Equal(posts.Count, logs.Lines.Count(l => l.Contains($"Budget {budgetId} reached", StringComparison.Ordinal)));

        listener.RecordObservableInstruments();
        Assert.Contains(utilisation, share => share is >= 0.8 and <= 1.0);

        var status = (await gateway.App.Services.GetRequiredService<IBudgetStatusSource>().SnapshotAsync(CancellationToken.None)).Single();
        Assert.Equal(budgetId, status.Id);
        Assert.Equal(thresholds.Select(t => (double)t), status.FiredAlerts.Select(a => a.Threshold));
        Assert.True(status.SpentUsd <= 0.0002m);

        var configPath = Path.Combine(gateway.DataDir, "frugal.json");
        await File.WriteAllTextAsync(configPath, $$"""{ "dataDir": "{{gateway.DataDir}}" }""");
        var (code, output, _) = await CliRunner.RunAsync("report", "alerts", "--config", configPath);
        Assert.Equal(0, code);
        Assert.Contains($"{budgetId}", output, StringComparison.Ordinal);
        Assert.Contains("50% alert", output.Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("80% alert", output.Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void The_webhook_body_is_stable_json()
    {
        var alert = new Frugal.Core.Budgets.Alerts.BudgetAlert("team:ml:monthly", "team", "ml", "monthly", 0.8m, "alert", 100m, 80.5m,
            new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

        var json = JsonDocument.Parse(Frugal.Core.Budgets.Alerts.BudgetAlertDispatcher.Json(alert)).RootElement;

        Assert.Equal("budget.threshold", json.GetProperty("type").GetString());
        Assert.Equal(0.8m, json.GetProperty("threshold").GetDecimal());
        Assert.Equal("Budget team:ml:monthly reached 80% ($80.5 of $100); action: alert.", json.GetProperty("text").GetString());
    }
}
