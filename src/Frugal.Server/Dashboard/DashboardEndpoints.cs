using System.Text.Json;
using Frugal.Core.Accounting.Dashboard;
using Frugal.Core.Budgets;
using Frugal.Core.Budgets.Storage;
using Frugal.Core.Pipeline;
using Frugal.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Server.Dashboard;

/// <summary>
/// <c>GET /dashboard</c> (the page and its embedded script and styles) and the JSON behind it:
/// <c>/admin/dashboard/summary?period=24h|7d|30d</c> and <c>/admin/dashboard/requests?model=&amp;route=&amp;cache=&amp;key=&amp;team=&amp;errors=true&amp;limit=&amp;before=</c>.
/// </summary>
public sealed class DashboardEndpoints(DashboardAccess access, IDashboardReader reader, IBudgetStatusSource budgets, TimeProvider time)
{
    /// <summary>Everything the page loads comes from this gateway; no inline script, no other origin.</summary>
    private const string ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void Map(IEndpointRouteBuilder app)
    {
        var endpoints = app.ServiceProvider.GetRequiredService<DashboardEndpoints>();
        app.MapGet("/dashboard", endpoints.PageAsync);
        app.MapGet("/dashboard/{asset}", endpoints.AssetAsync);
        app.MapGet("/admin/dashboard/summary", endpoints.SummaryAsync);
        app.MapGet("/admin/dashboard/requests", endpoints.RequestsAsync);
    }

    public async Task PageAsync(HttpContext context)
    {
        var (signedIn, wrongKey) = access.TrySignIn(context);
        if (signedIn)
        {
            return;
        }

        if ((wrongKey ?? access.Check(context)) is { } denied)
        {
            await ErrorResponses.WriteAsync(context, denied);
            return;
        }

        await WriteAssetAsync(context, "dashboard.html");
    }

    public async Task AssetAsync(HttpContext context, string asset)
    {
        // Script and styles hold no data, but serving them only to admins keeps the surface the same as the page.
        if (access.Check(context) is { } denied)
        {
            await ErrorResponses.WriteAsync(context, denied);
            return;
        }

        await WriteAssetAsync(context, asset);
    }

    public async Task SummaryAsync(HttpContext context)
    {
        if (access.Check(context) is { } denied)
        {
            await ErrorResponses.WriteAsync(context, denied);
            return;
        }

        var name = context.Request.Query["period"].ToString();
        if (!DashboardPeriod.TryCreate(name.Length == 0 ? null : name, time, out var period))
        {
            await ErrorResponses.WriteAsync(context, GatewayError.InvalidRequest($"period '{name}' is not one of: {string.Join(", ", DashboardPeriod.Names)}", "period"));
            return;
        }

        var summary = await reader.SummaryAsync(period!, context.RequestAborted);
        IReadOnlyList<BudgetStatus> statuses;
        try
        {
            statuses = await budgets.SnapshotAsync(context.RequestAborted);
        }
        catch (BudgetStoreUnavailableException ex)
        {
            // The ledger's charts do not depend on the budget store: show them, and say why the gauges are missing.
            await WriteJsonAsync(context, JsonSerializer.SerializeToUtf8Bytes(summary with { BudgetsUnavailable = ex.Message }, DashboardJsonContext.Default.DashboardSummary));
            return;
        }

        summary = summary with
        {
            Budgets = [.. statuses.Select(b => new DashboardBudget(b.Id, b.Scope, b.Subject, b.Window, b.LimitUsd, b.SpentUsd, b.ReservedUsd, b.Utilisation, b.ResetsAt,
                [.. b.FiredAlerts.Select(a => new DashboardBudgetAlert(a.Threshold, a.Action, a.FiredAt))]))],
        };
        await WriteJsonAsync(context, JsonSerializer.SerializeToUtf8Bytes(summary, DashboardJsonContext.Default.DashboardSummary));
    }

    public async Task RequestsAsync(HttpContext context)
    {
        if (access.Check(context) is { } denied)
        {
            await ErrorResponses.WriteAsync(context, denied);
            return;
        }

        var q = context.Request.Query;
        var limit = 100;
        if (q["limit"].ToString() is { Length: > 0 } limitText && (!int.TryParse(limitText, out limit) || limit < 1 || limit > RecentRequestsQuery.MaxLimit))
        {
            await ErrorResponses.WriteAsync(context, GatewayError.InvalidRequest($"limit must be a whole number from 1 to {RecentRequestsQuery.MaxLimit}", "limit"));
            return;
        }

        long? before = null;
        if (q["before"].ToString() is { Length: > 0 } beforeText)
        {
            if (!long.TryParse(beforeText, out var b))
            {
                await ErrorResponses.WriteAsync(context, GatewayError.InvalidRequest("before must be a Unix time in milliseconds", "before"));
                return;
            }

            before = b;
        }

        DashboardPeriod? period = null;
        if (q["period"].ToString() is { Length: > 0 } periodName && !DashboardPeriod.TryCreate(periodName, time, out period))
        {
            await ErrorResponses.WriteAsync(context, GatewayError.InvalidRequest($"period '{periodName}' is not one of: {string.Join(", ", DashboardPeriod.Names)}", "period"));
            return;
        }

        var query = new RecentRequestsQuery
        {
            Since = period?.Since,
            BeforeMs = before,
            Model = Optional(q["model"]),
            Route = Optional(q["route"]),
            CacheOutcome = Optional(q["cache"]),
            Key = Optional(q["key"]),
            Team = Optional(q["team"]),
            ErrorsOnly = q["errors"].ToString() is "true" or "1",
            Limit = limit,
        };
        var rows = await reader.RecentAsync(query, context.RequestAborted);
        var page = new RecentRequestsPage(rows, rows.Count == limit ? rows[^1].TimestampMs : null);
        await WriteJsonAsync(context, JsonSerializer.SerializeToUtf8Bytes(page, DashboardJsonContext.Default.RecentRequestsPage));
    }

    private static string? Optional(Microsoft.Extensions.Primitives.StringValues value) => value.ToString() is { Length: > 0 } text ? text : null;

    private static async Task WriteJsonAsync(HttpContext context, byte[] json)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(json, context.RequestAborted);
    }

    private static async Task WriteAssetAsync(HttpContext context, string name)
    {
        if (!DashboardAssets.TryGet(name, out var bytes, out var contentType))
        {
            await ErrorResponses.WriteAsync(context, new GatewayError(GatewayErrorKind.InvalidRequest, 404, $"No dashboard file named '{name}'.", "invalid_request_error", "unknown_url"));
            return;
        }

        context.Response.ContentType = contentType;
        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
