using Frugal.Core.Accounting.Ledger;
using Frugal.Core.Accounting.Reports;
using Frugal.Core.Pipeline;
using Frugal.Server.Http;
using Microsoft.AspNetCore.Http;

namespace Frugal.Server.Endpoints;

/// <summary>
/// <c>GET /admin/reports?since=7d&amp;by=model</c> (also <c>/admin/reports/{by}</c>): the same
/// figures as <c>frugal report --format json</c>. Entries still queued are committed first, so a
/// report right after traffic includes it.
/// </summary>
public sealed class AdminReportsEndpoint(AdminGuard guard, ILedgerReader reader, LedgerWriter writer, TimeProvider time)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (guard.Check(context) is { } denied)
        {
            await ErrorResponses.WriteAsync(context, denied);
            return;
        }

        var by = context.Request.RouteValues.TryGetValue("by", out var routeBy) ? routeBy as string : context.Request.Query["by"].ToString();
        if (!ReportQueries.TryCreate(context.Request.Query["since"], by, time, out var query, out var problem))
        {
            await ErrorResponses.WriteAsync(context, GatewayError.InvalidRequest(problem!));
            return;
        }

        await writer.FlushAsync(context.RequestAborted);
        var report = await reader.ReportAsync(query!, context.RequestAborted);
        var json = ReportFormatter.Json(report);
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(json, context.RequestAborted);
    }
}
