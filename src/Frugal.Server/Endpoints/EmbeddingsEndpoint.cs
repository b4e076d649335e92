using Frugal.Core.Configuration.Live;
using Frugal.Core.Pipeline;
using Frugal.Protocol.Json;
using Frugal.Server.Http;
using Microsoft.AspNetCore.Http;

namespace Frugal.Server.Endpoints;

/// <summary><c>POST /v1/embeddings</c>: forwarded to the model's provider, answered with the provider's bytes.</summary>
public sealed class EmbeddingsEndpoint(ConfigGenerations generations, RequestIntake intake)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (await intake.ReadAsync(context, "embeddings", ProtocolJson.Context.EmbeddingRequest, ChatRequestValidator.Validate) is not { } accepted)
        {
            return;
        }

        var request = GatewayRequest.ForEmbedding(accepted.RequestId, accepted.Tenant, accepted.Body, accepted.StartTimestamp);
        using var generation = generations.Enter(); // the configuration at intake, to the end of the request
        var result = await generation.Generation.Pipeline.EmbedAsync(request, context.RequestAborted);
        FrugalHeaders.Apply(context.Response, request);
        if (!result.IsSuccess)
        {
            await ErrorResponses.WriteAsync(context, result.Error);
            return;
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = result.Value.RawJson.Length;
        await context.Response.BodyWriter.WriteAsync(result.Value.RawJson, context.RequestAborted);
    }
}
