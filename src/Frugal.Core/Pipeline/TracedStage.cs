using System.Diagnostics;

namespace Frugal.Core.Pipeline;

/// <summary>
/// Wraps one stage in a span named after it. The builder puts one around every stage, so stages added later
/// (budgets, compression...) are traced without touching this class. A stream's span ends when the stream is
/// open (its first chunk has arrived), which is when the stage's decisions are made. With no listener
/// (no exporter, no test), StartActivity returns null and this is one extra call.
/// </summary>
public sealed class TracedStage(IGatewayHandler inner, string stage) : IGatewayHandler
{
    public IGatewayHandler Inner => inner;

    public string Stage => stage;

    /// <summary>"LedgerHandler" → "Ledger": the span name for a stage type.</summary>
    public static string NameOf(IGatewayHandler handler)
    {
        var name = handler.GetType().Name;
        return name.EndsWith("Handler", StringComparison.Ordinal) && name.Length > "Handler".Length ? name[..^"Handler".Length] : name;
    }

    public async ValueTask<GatewayResult<ChatCompletion>> SendAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        using var activity = Start(request, "chat");
        var result = await inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
        Finish(activity, result.Error);
        return result;
    }

    public async ValueTask<GatewayResult<ChatStream>> StreamAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        using var activity = Start(request, "chat.stream");
        var result = await inner.StreamAsync(request, cancellationToken).ConfigureAwait(false);
        Finish(activity, result.Error);
        return result;
    }

    public async ValueTask<GatewayResult<EmbeddingResult>> EmbedAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        using var activity = Start(request, "embeddings");
        var result = await inner.EmbedAsync(request, cancellationToken).ConfigureAwait(false);
        Finish(activity, result.Error);
        return result;
    }

    private Activity? Start(GatewayRequest request, string operation)
    {
        var activity = StageTracing.Source.StartActivity(stage, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(StageTracing.StageTag, stage);
            activity.SetTag(StageTracing.RequestIdTag, request.RequestId);
            activity.SetTag("frugal.operation", operation);
            activity.SetTag("frugal.requested_model", request.RequestedModel);
            foreach (var feature in request.Features)
            {
                (feature as ITraceTags)?.AddTags(activity);
            }
        }

        return activity;
    }

    private static void Finish(Activity? activity, GatewayError? error)
    {
        if (activity is null)
        {
            return;
        }

        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.Code ?? error.Type);
            activity.SetTag("http.response.status_code", error.StatusCode);
        }
    }
}
