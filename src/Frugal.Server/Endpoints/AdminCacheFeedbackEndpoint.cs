using System.Text.Json;
using Frugal.Core.Accounting.Ledger;
using Frugal.Core.Caching;
using Frugal.Core.Pipeline;
using Frugal.Server.Http;
using Microsoft.AspNetCore.Http;

namespace Frugal.Server.Endpoints;

/// <summary>
/// <c>POST /admin/cache/feedback</c> with <c>{"request_id": "…", "wrong": true}</c>: evicts the cache
/// entries that answered that request and tightens the semantic neighbourhood of its query. The request's ledger row
/// is marked and the cache saving it claimed is voided (<see cref="ILedgerFeedback"/>): reports and the dashboard no
/// longer count a saving the client says was a wrong answer.
/// Answers <c>{"request_id", "evicted", "exact", "semantic", "neighbours_tightened", "ledger_marked", "saving_voided_usd"}</c>;
/// an id that neither the cache nor the ledger knows is a 404.
/// </summary>
public sealed class AdminCacheFeedbackEndpoint(AdminGuard guard, CacheFeedback feedback, LedgerWriter ledgerWriter, ILedgerFeedback ledger)
{
    private const long MaxBodyBytes = 16 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        if (guard.Check(context) is { } denied)
        {
            await ErrorResponses.WriteAsync(context, denied);
            return;
        }

        var (requestId, wrong, problem) = await ReadAsync(context);
        if (problem is not null)
        {
            await ErrorResponses.WriteAsync(context, GatewayError.InvalidRequest(problem));
            return;
        }

        CacheFeedbackResult? result = null;
        decimal? voided = null;
        if (wrong)
        {
            result = await feedback.ReportWrongAsync(requestId!, context.RequestAborted);
            await ledgerWriter.FlushAsync(context.RequestAborted); // the answer being reported may still be queued
            voided = await ledger.VoidCacheSavingAsync(requestId!, context.RequestAborted);
            if (result is null && voided is null)
            {
                await ErrorResponses.WriteAsync(context, new GatewayError(GatewayErrorKind.InvalidRequest, 404,
                    $"No cache entry is linked to request '{requestId}': it was not answered or stored by the cache, its entry expired, or it was already reported.",
                    "invalid_request_error", "cache_entry_not_found")
                { Param = "request_id" });
                return;
            }
        }

        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("request_id", requestId);
        writer.WriteBoolean("evicted", result is not null);
        writer.WriteBoolean("exact", result?.ExactEvicted ?? false);
        writer.WriteBoolean("semantic", result?.SemanticEvicted ?? false);
        writer.WriteNumber("neighbours_tightened", result?.NeighboursTightened ?? 0);
        writer.WriteBoolean("ledger_marked", voided is not null);
        writer.WriteNumber("saving_voided_usd", voided ?? 0m);
        writer.WriteEndObject();
    }

    private static async Task<(string? RequestId, bool Wrong, string? Problem)> ReadAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return (null, false, $"The feedback body must be under {MaxBodyBytes} bytes.");
        }

        const string shape = "Send {\"request_id\": \"<the x-frugal-request-id of the answer>\", \"wrong\": true}.";
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("request_id", out var id) || id.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(id.GetString()))
            {
                return (null, false, "Missing \"request_id\". " + shape);
            }

            if (!root.TryGetProperty("wrong", out var wrong) || wrong.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return (null, false, "\"wrong\" must be true or false. " + shape);
            }

            return (id.GetString(), wrong.GetBoolean(), null);
        }
        catch (JsonException)
        {
            return (null, false, "The body is not valid JSON. " + shape);
        }
    }
}
