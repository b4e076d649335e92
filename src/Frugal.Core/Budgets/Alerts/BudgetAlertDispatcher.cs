using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Frugal.Core.Budgets.Config;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Frugal.Core.Budgets.Alerts;

/// <summary>
/// Delivers fired alerts off the request path: the log line, the alert log (frugal.db) and a JSON POST
/// to <c>budgets.alertWebhook</c> (5 s timeout, two tries). Drains the queue on a graceful stop.
/// </summary>
public sealed partial class BudgetAlertDispatcher(
    BudgetAlertQueue queue,
    IBudgetAlertLog log,
    BudgetsConfig options,
    ILogger<BudgetAlertDispatcher> logger) : BackgroundService
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Reads until the queue is completed at stop (StopAsync), not until the stop token: queued alerts are delivered.
        await foreach (var alert in queue.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            LogAlert(logger, alert.BudgetId, (double)(alert.Threshold * 100), alert.Action, alert.SpentUsd, alert.LimitUsd);
            try
            {
                await log.AppendAsync(alert, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogStoreFailed(logger, alert.BudgetId, ex.GetType().Name, ex.Message);
            }

            if (options.AlertWebhook is { } webhook)
            {
                await PostAsync(webhook, alert).ConfigureAwait(false);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Complete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    private async Task PostAsync(Uri webhook, BudgetAlert alert)
    {
        var body = Json(alert);
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await _http.PostAsync(webhook, content).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                LogWebhookFailed(logger, alert.BudgetId, $"HTTP {(int)response.StatusCode}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                LogWebhookFailed(logger, alert.BudgetId, ex.GetType().Name);
            }
        }
    }

    /// <summary>The webhook body (stable field names; amounts as JSON numbers in USD).</summary>
    public static byte[] Json(BudgetAlert alert)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "budget.threshold");
            writer.WriteString("budget", alert.BudgetId);
            writer.WriteString("scope", alert.Scope);
            writer.WriteString("subject", alert.Subject);
            writer.WriteString("window", alert.Window);
            writer.WriteNumber("threshold", alert.Threshold);
            writer.WriteString("action", alert.Action);
            writer.WriteNumber("limit_usd", alert.LimitUsd);
            writer.WriteNumber("spent_usd", alert.SpentUsd);
            writer.WriteString("period_start", alert.Period);
            writer.WriteString("fired_at", alert.FiredAt);
            writer.WriteString("text", string.Create(CultureInfo.InvariantCulture, $"Budget {alert.BudgetId} reached {alert.Threshold * 100:0.#}% (${alert.SpentUsd:0.######} of ${alert.LimitUsd:0.######}); action: {alert.Action}."));
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    [LoggerMessage(EventId = 1601, Level = LogLevel.Warning, Message = "Budget {Budget} reached {Percent}% (spent {Spent} USD of {Limit} USD); action {Action}")]
    private static partial void LogAlert(ILogger logger, string budget, double percent, string action, decimal spent, decimal limit);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Warning, Message = "Budget alert webhook for {Budget} failed: {Reason}")]
    private static partial void LogWebhookFailed(ILogger logger, string budget, string reason);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Error, Message = "Could not store the alert of budget {Budget}: {Type}: {Message}")]
    private static partial void LogStoreFailed(ILogger logger, string budget, string type, string message);
}
