using System.Text.Json;
using Frugal.Core.Pipeline;
using Frugal.Core.Privacy;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Deferral;

/// <summary>
/// After the caches (a hit was answered already) and before compression and routing: a chat call that
/// <see cref="DeferralPolicy"/> defers is stored (<see cref="IDeferredStore"/>) and answered at once; the endpoint
/// turns <see cref="DeferralFeature"/> into <c>202 Accepted</c> + <c>Location</c>. The value returned has no
/// choices, so no cache stores it. Streaming calls cannot be deferred (400), and without Frugal's batch jobs
/// (<paramref name="batchesAvailable"/> false) a deferred call is refused with 501 instead of silently run at full price;
/// a webhook without a signing secret (<paramref name="webhooksSigned"/> false) is a 400.
/// </summary>
public sealed class DeferralHandler(IGatewayHandler inner, DeferralPolicy policy, IDeferredStore store, bool batchesAvailable, bool webhooksSigned, Action? gathered, TimeProvider time)
    : DelegatingGatewayHandler(inner)
{
    public override ValueTask<GatewayResult<ChatCompletion>> SendAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = policy.Decide(request);
        if (!decision.IsSuccess)
        {
            return ValueTask.FromResult<GatewayResult<ChatCompletion>>(decision.Error);
        }

        // Privacy masked something: the placeholder map lives only for this request, so a deferred result could not
        // be restored. The call is answered now (200, normal price) rather than returning placeholders later.
        if (!decision.Value.Defer || request.Chat is null || request.Features.Get<PrivacyFeature>() is { Result.Counts.Count: > 0 })
        {
            return Inner.SendAsync(request, cancellationToken);
        }

        if (!batchesAvailable)
        {
            return ValueTask.FromResult<GatewayResult<ChatCompletion>>(Unavailable());
        }

        if (decision.Value.WebhookUrl is not null && !webhooksSigned)
        {
            return ValueTask.FromResult<GatewayResult<ChatCompletion>>(GatewayError.InvalidRequest(
                "Webhooks are sent signed, and this gateway has no signing secret: set deferral.webhook.secretEnv, or fetch the result from /v1/deferred/{id}.",
                DeferralPolicy.WebhookHeaderName, "defer_webhook_unavailable"));
        }

        return ValueTask.FromResult(Defer(request, decision.Value));
    }

    public override ValueTask<GatewayResult<ChatStream>> StreamAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = policy.Decide(request);
        if (!decision.IsSuccess)
        {
            return ValueTask.FromResult<GatewayResult<ChatStream>>(decision.Error);
        }

        return decision.Value.Defer
            ? ValueTask.FromResult<GatewayResult<ChatStream>>(GatewayError.InvalidRequest(
                $"Streaming requests cannot be deferred: send \"stream\": false to get 202 and fetch the result from /v1/deferred/{{id}}, or send {DeferralPolicy.HeaderName}: off to stream it now at the normal price.",
                "stream", "defer_stream_unsupported"))
            : Inner.StreamAsync(request, cancellationToken);
    }

    public static GatewayError Unavailable() => new(GatewayErrorKind.InvalidRequest, 501,
        "Deferral needs Frugal's batch jobs, which this gateway does not run; send the call without x-frugal-defer (or with x-frugal-defer: off).",
        "invalid_request_error", "deferral_unavailable");

    private GatewayResult<ChatCompletion> Defer(GatewayRequest request, DeferralDecision decision)
    {
        var tenant = request.Tenant;
        var call = new DeferredCall
        {
            Id = DeferredIds.NewCallId(),
            KeyId = tenant.KeyId,
            KeyName = tenant.KeyName,
            Team = tenant.Team,
            Tags = tenant.Tags,
            StoreBodies = tenant.StoreBodies,
            Model = request.RequestedModel,
            Body = JsonSerializer.SerializeToUtf8Bytes(request.Chat!, ProtocolJson.Context.ChatCompletionRequest),
            WebhookUrl = decision.WebhookUrl,
            CreatedAt = time.GetUtcNow(),
        };
        store.Add(call);
        var accepted = DeferredJson.Status(call);
        request.Features.Set(new DeferralFeature(call.Id, accepted));
        gathered?.Invoke();

        // No choices: CachedAnswer.From refuses it, so neither cache stores this placeholder.
        return new ChatCompletion(new ChatCompletionResponse { Id = call.Id, Object = DeferredJson.ObjectName, Model = call.Model, Created = call.CreatedAt.ToUnixTimeSeconds() }, accepted);
    }
}
