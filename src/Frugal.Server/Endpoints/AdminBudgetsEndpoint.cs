using System.Text.Json;
using Frugal.Core.Budgets;
using Frugal.Core.Budgets.Config;
using Frugal.Core.Budgets.Storage;
using Frugal.Core.Configuration;
using Frugal.Core.Pipeline;
using Frugal.Server.Http;
using Microsoft.AspNetCore.Http;

namespace Frugal.Server.Endpoints;

/// <summary>
/// <c>GET /admin/budgets</c>: every budget in force with its current window (spent, reserved, reset, fired alerts).
/// <c>PUT /admin/budgets</c>: one budget object, or an array of them, in the config's shape — stored as run-time
/// budgets in frugal.db (replacing any of the same id) and in force at once. Admin key required.
/// </summary>
public sealed class AdminBudgetsEndpoint(AdminGuard guard, BudgetCatalog catalog, IBudgetStatusSource status, IBudgetDefinitionStore definitions, BudgetRefresher refresher, TimeProvider time)
{
    private const int MaxBodyBytes = 256 * 1024;

    public async Task GetAsync(HttpContext context)
    {
        if (guard.Check(context) is { } denied)
        {
            await ErrorResponses.WriteAsync(context, denied);
            return;
        }

        await WriteListAsync(context);
    }

    public async Task PutAsync(HttpContext context)
    {
        if (guard.Check(context) is { } denied)
        {
            await ErrorResponses.WriteAsync(context, denied);
            return;
        }

        var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        if (body.Length > MaxBodyBytes)
        {
            await ErrorResponses.WriteAsync(context, GatewayError.PayloadTooLarge(MaxBodyBytes));
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            await ErrorResponses.WriteAsync(context, GatewayError.InvalidRequest("The body is not valid JSON: send a budget object {\"scope\", \"subject\", \"window\", \"usd\", \"thresholds\"} or an array of them.", "$"));
            return;
        }

        using (document)
        {
            var reader = new JsonConfigReader();
            var budgets = new List<BudgetDefinition>();
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var item in root.EnumerateArray())
                {
                    Add(BudgetsConfigReader.ReadBudget(item, $"$[{index++}]", reader, "runtime"));
                }
            }
            else
            {
                Add(BudgetsConfigReader.ReadBudget(root, "$", reader, "runtime"));
            }

            if (reader.Problems.Count > 0 || budgets.Count == 0)
            {
                var problems = reader.Problems.Count > 0 ? string.Join("; ", reader.Problems.Select(p => $"{p.Path}: {p.Message}")) : "$: no budget given";
                await ErrorResponses.WriteAsync(context, GatewayError.InvalidRequest($"Invalid budget: {problems}", reader.Problems.Count > 0 ? reader.Problems[0].Path : "$", "invalid_budget"));
                return;
            }

            var now = time.GetUtcNow();
            foreach (var budget in budgets)
            {
                await definitions.UpsertAsync(budget, now, context.RequestAborted);
            }

            void Add(BudgetDefinition? budget)
            {
                if (budget is not null)
                {
                    budgets.Add(budget);
                }
            }
        }

        await refresher.RefreshAsync(context.RequestAborted);
        await WriteListAsync(context);
    }

    private async Task WriteListAsync(HttpContext context)
    {
        IReadOnlyList<BudgetStatus> statuses;
        try
        {
            statuses = await status.SnapshotAsync(context.RequestAborted);
        }
        catch (BudgetStoreUnavailableException ex)
        {
            await ErrorResponses.WriteAsync(context, BudgetErrors.StoreUnavailable() with { Message = ex.Message });
            return;
        }

        var definitionsById = catalog.All.ToDictionary(b => b.Id, StringComparer.Ordinal);
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        foreach (var budget in statuses)
        {
            writer.WriteStartObject();
            writer.WriteString("id", budget.Id);
            writer.WriteString("scope", budget.Scope);
            writer.WriteString("subject", budget.Subject);
            writer.WriteString("window", budget.Window);
            writer.WriteNumber("limit_usd", budget.LimitUsd);
            writer.WriteNumber("spent_usd", budget.SpentUsd);
            writer.WriteNumber("reserved_usd", budget.ReservedUsd);
            writer.WriteNumber("utilisation", Math.Round(budget.Utilisation, 6));
            writer.WriteString("resets_at", budget.ResetsAt);
            if (definitionsById.TryGetValue(budget.Id, out var definition))
            {
                writer.WriteString("source", definition.Source);
                writer.WriteStartArray("thresholds");
                foreach (var threshold in BudgetGuard.Thresholds(definition))
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("at", threshold.At);
                    writer.WriteString("action", BudgetThreshold.ActionName(threshold.Action));
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteStartArray("fired_alerts");
            foreach (var alert in budget.FiredAlerts)
            {
                writer.WriteStartObject();
                writer.WriteNumber("threshold", alert.Threshold);
                writer.WriteString("action", alert.Action);
                writer.WriteString("fired_at", alert.FiredAt);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
