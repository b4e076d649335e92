using System.Text.Json;
using Frugal.Core.Accounting;
using Frugal.Core.Configuration.Live;
using Frugal.Core.Deferral;
using Frugal.Core.Pipeline;
using Frugal.Protocol.Json;
using Frugal.Server.Http;
using Microsoft.AspNetCore.Http;

namespace Frugal.Server.Endpoints;

/// <summary>
/// <c>POST /v1/chat/completions</c>: authenticate, parse once, run the pipeline of the current configuration
/// (entered once, held to the stream's last byte, so a reload never changes it under the request), answer as JSON or SSE.
/// </summary>
public sealed class ChatCompletionsEndpoint(ConfigGenerations generations, RequestIntake intake)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (await intake.ReadAsync(context, "chat", ProtocolJson.Context.ChatCompletionRequest, ChatRequestValidator.Validate) is not { } accepted)
        {
            return;
        }

        var request = GatewayRequest.ForChat(accepted.RequestId, accepted.Tenant, accepted.Body, accepted.StartTimestamp);
        request.Headers = FrugalRequestHeaders.From(context.Request);
        using var generation = generations.Enter();
        var pipeline = generation.Generation.Pipeline;
        if (accepted.Body.IsStreaming)
        {
            await StreamAsync(context, request, pipeline);
        }
        else
        {
            await SendAsync(context, request, pipeline);
        }
    }

    private static async Task SendAsync(HttpContext context, GatewayRequest request, IGatewayHandler pipeline)
    {
        var result = await pipeline.SendAsync(request, context.RequestAborted);
        FrugalHeaders.Apply(context.Response, request);
        if (!result.IsSuccess)
        {
            await ErrorResponses.WriteAsync(context, result.Error);
            return;
        }

        var json = result.Value.RawJson.IsEmpty
            ? JsonSerializer.SerializeToUtf8Bytes(result.Value.Response, ProtocolJson.Context.ChatCompletionResponse)
            : result.Value.RawJson;
        if (request.Features.Get<DeferralFeature>() is { } deferred)
        {
            // The deferral stage stored the call: 202 + Location instead of a completion (its value is the status object).
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            context.Response.Headers.Location = deferred.Location;
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        await context.Response.BodyWriter.WriteAsync(json, context.RequestAborted);
    }

    private static async Task StreamAsync(HttpContext context, GatewayRequest request, IGatewayHandler pipeline)
    {
        var cancellationToken = context.RequestAborted;
        var result = await pipeline.StreamAsync(request, cancellationToken);
        FrugalHeaders.Apply(context.Response, request);
        if (!result.IsSuccess)
        {
            await ErrorResponses.WriteAsync(context, result.Error);
            return;
        }

        await using var stream = result.Value;
        var includeUsage = request.Chat!.StreamOptions?.IncludeUsage == true;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var writer = response.BodyWriter;
        try
        {
            await foreach (var chunk in stream.Chunks.WithCancellation(cancellationToken))
            {
                // Usage is always requested upstream for the ledger; the client sees it only if it asked.
                if (chunk.IsUsageOnly && !includeUsage)
                {
                    continue;
                }

                await SseWriter.WriteDataAsync(writer, chunk.Json.Span, cancellationToken);
            }

            // The cost is known only now that usage has arrived: an SSE comment carries it (clients ignore comments).
            await SseWriter.WriteCommentAsync(writer, $"{FrugalHeaders.CostUsd}: {FrugalHeaders.FormatCost(request.Features.Get<PricingFeature>()?.CostUsd)}", cancellationToken);
            await SseWriter.WriteDoneAsync(writer, cancellationToken);
        }
        catch (GatewayStreamException ex)
        {
            // Headers are out: the failure can only be reported in-band, as OpenAI does.
            await SseWriter.WriteDataAsync(writer, ErrorResponses.ToJson(ex.Error), CancellationToken.None);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client disconnected; disposing the stream cancels the upstream call.
        }
    }
}
