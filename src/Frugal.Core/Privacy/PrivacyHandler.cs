using System.Text.RegularExpressions;
using Frugal.Core.Pipeline;
using Frugal.Core.Privacy.Restore;

namespace Frugal.Core.Privacy;

/// <summary>
/// The privacy stage (after admission, before the caches): masks the request's text under its policy, so everything
/// inside — cache keys and entries, routing, the provider, the ledger's request body — sees only placeholders; then
/// restores the values in the answer the client gets (JSON and streamed). Fails closed: a masker that throws or
/// runs out of time refuses the request with 422 <c>pii_masking_failed</c>; a block policy refuses with 400.
/// </summary>
public sealed class PrivacyHandler(IGatewayHandler inner, IPiiMasker masker, PrivacyPolicyResolver policies, PrivacyInstruments instruments)
    : DelegatingGatewayHandler(inner)
{
    public override async ValueTask<GatewayResult<ChatCompletion>> SendAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        if (MaskRequest(request) is { } refused)
        {
            return refused;
        }

        var result = await Inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return result.IsSuccess && Map(request) is { } map ? ResponseRestorer.Restore(result.Value, map) : result;
    }

    public override async ValueTask<GatewayResult<ChatStream>> StreamAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        if (MaskRequest(request) is { } refused)
        {
            return refused;
        }

        var result = await Inner.StreamAsync(request, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess || Map(request) is not { } map)
        {
            return result;
        }

        // A stream of its own over the inner one: the inner stream's observers (the caches) see the masked chunks and
        // store those; the rewriter on this one restores, and the outer observers (admission, ledger) see what the
        // client gets. Disposing this stream disposes the inner one, which completes its observers.
        var inner = result.Value;
        var restored = new ChatStream(inner.Chunks, inner);
        restored.Rewrite(new StreamRestorer(map));
        return restored;
    }

    public override ValueTask<GatewayResult<EmbeddingResult>> EmbedAsync(GatewayRequest request, CancellationToken cancellationToken)
        => MaskRequest(request) is { } refused ? ValueTask.FromResult(GatewayResult<EmbeddingResult>.Failure(refused)) : Inner.EmbedAsync(request, cancellationToken);

    private static PlaceholderMap? Map(GatewayRequest request)
        => request.Features.Get<PrivacyFeature>() is { Result.Map: { Count: > 0 } map } ? map : null;

    /// <summary>Masks the request in place (its bodies become masked copies); an error when it must be refused.</summary>
    private GatewayError? MaskRequest(GatewayRequest request)
    {
        var policy = policies.Resolve(request);
        if (!policy.IsActive)
        {
            return null;
        }

        PiiMaskResult result;
        try
        {
            result = masker.Mask(request, policy);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            instruments.CountRefusal("masking_failed");
            return PrivacyErrors.MaskingFailed(ex switch
            {
                PiiMaskingTimeoutException => "time limit reached",
                RegexMatchTimeoutException => "a pattern timed out",
                _ => "detector error",
            });
        }

        request.Features.Set(new PrivacyFeature(result));
        instruments.Record(request, result);
        if (result.Blocked.Count > 0)
        {
            instruments.CountRefusal("blocked");
            return PrivacyErrors.Blocked(result.Blocked);
        }

        if (result.Chat is { } chat)
        {
            request.Chat = chat;
        }

        if (result.Embedding is { } embedding)
        {
            request.Embedding = embedding;
        }

        return null;
    }
}
