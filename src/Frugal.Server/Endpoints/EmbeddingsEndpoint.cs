using Frugal.Core.Admission;
using Frugal.Core.Configuration;
using Frugal.Core.Pipeline;
using Frugal.Protocol.Json;
using Frugal.Server.Http;
using Microsoft.AspNetCore.Http;

namespace Frugal.Server.Endpoints;

/// <summary><c>POST /v1/embeddings</c>: forwarded to the model's provider, answered with the provider's bytes.</summary>
public sealed class EmbeddingsEndpoint(IGatewayHandler pipeline, KeyAuthenticator authenticator, GatewayConfig config, TimeProvider time)
{
    public async Task HandleAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        var requestId = RequestIds.New();
        context.Response.Headers[FrugalHeaders.RequestId] = requestId;

        var tenant = await authenticator.AuthenticateAsync(context.Request.Headers.Authorization, context.RequestAborted);
        if (!tenant.IsSuccess)
        {
            await ErrorResponses.WriteAsync(context, tenant.Error);
            return;
        }

        var body = await JsonBodyReader.ReadAsync(context, config.Limits.MaxRequestBodyBytes, ProtocolJson.Context.EmbeddingRequest);
        if (!body.IsSuccess)
        {
            await ErrorResponses.WriteAsync(context, body.Error);
            return;
        }

        if (ChatRequestValidator.Validate(body.Value) is { } invalid)
        {
            await ErrorResponses.WriteAsync(context, invalid);
            return;
        }

        var request = GatewayRequest.ForEmbedding(requestId, tenant.Value, body.Value, started);
        var result = await pipeline.EmbedAsync(request, context.RequestAborted);
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
