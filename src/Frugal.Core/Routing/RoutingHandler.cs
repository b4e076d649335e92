using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Dispatch;
using Frugal.Core.Pipeline;
using Frugal.Core.Routing.Failover;
using Frugal.Core.Routing.Routes;
using Frugal.Core.Routing.Shadow;
using Microsoft.Extensions.Logging;

namespace Frugal.Core.Routing;

/// <summary>
/// Resolves the requested model name. A plain model (configured name or provider/model) goes to its
/// one target. A route is planned (<see cref="RoutePlanner"/>) and its models tried in order: the inner
/// stages run once per attempt with <see cref="RoutingFeature.Target"/> set, and a 429, 5xx, timeout or
/// connection failure — all of which happen before the client has a byte, since dispatch awaits a
/// stream's first chunk — moves on to the next target. Non-retryable errors (a bad request) are
/// returned as they are. Providers whose circuit is open are skipped; every sent attempt stays in the
/// one <see cref="Dispatch.UpstreamCallFeature"/>, and only the answering attempt has usage, so the client is billed once.
/// </summary>
public sealed partial class RoutingHandler(
    IGatewayHandler inner,
    ModelResolver resolver,
    RouteCatalog catalog,
    RoutePlanner planner,
    CircuitBreakers breakers,
    StickySessions sticky,
    ShadowQueue shadow,
    ILogger<RoutingHandler> logger) : DelegatingGatewayHandler(inner)
{
    public override async ValueTask<GatewayResult<ChatCompletion>> SendAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        if (!catalog.TryGet(request.RequestedModel, out var route))
        {
            return ResolvePlain(request) is { } error ? error : await Inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var result = await FailoverAsync(request, route, () => Inner.SendAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (result.IsSuccess)
        {
            Answered(request, route, result.Value.Response.Choices.FirstOrDefault()?.Message.TextContent());
        }

        return result;
    }

    public override async ValueTask<GatewayResult<ChatStream>> StreamAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        if (!catalog.TryGet(request.RequestedModel, out var route))
        {
            return ResolvePlain(request) is { } error ? error : await Inner.StreamAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var result = await FailoverAsync(request, route, () => Inner.StreamAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (result.IsSuccess)
        {
            result.Value.Observe(new AnsweredAtEnd(this, request, route), needsAnswer: route.Shadow is not null);
        }

        return result;
    }

    public override async ValueTask<GatewayResult<EmbeddingResult>> EmbedAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        if (!catalog.TryGet(request.RequestedModel, out var route))
        {
            return ResolvePlain(request) is { } error ? error : await Inner.EmbedAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return await FailoverAsync(request, route, () => Inner.EmbedAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private GatewayError? ResolvePlain(GatewayRequest request)
    {
        if (resolver.Resolve(request.RequestedModel) is not { } target)
        {
            return GatewayError.ModelNotFound(request.RequestedModel);
        }

        request.Features.GetOrAdd<RoutingFeature>().Target = target;
        return null;
    }

    private async ValueTask<GatewayResult<T>> FailoverAsync<T>(GatewayRequest request, RouteConfig route, Func<ValueTask<GatewayResult<T>>> attempt, CancellationToken cancellationToken)
        where T : class
    {
        var plan = planner.Plan(route, request);
        var routing = request.Features.GetOrAdd<RoutingFeature>();
        var skipped = new List<string>();
        GatewayError? last = null;
        foreach (var model in plan.Models)
        {
            var target = resolver.Resolve(model) ?? throw new InvalidOperationException($"Route '{route.Name}' names '{model}', which config validation accepted but does not resolve.");
            var breaker = breakers.For(target.Provider.Name);
            var admission = breaker.TryEnter();
            if (admission == CircuitAdmission.Rejected)
            {
                skipped.Add(target.Provider.Name);
                LogSkipped(logger, route.Name, model, target.Provider.Name);
                continue;
            }

            routing.Target = target;
            var result = await attempt().ConfigureAwait(false);
            if (result.IsSuccess)
            {
                breaker.OnSuccess();
                routing.RouteHeader = RouteHeader.Format(route.Name, plan, model, skipped);
                if (plan.StickyKey is { } key)
                {
                    sticky.Set(key, model);
                }

                return result;
            }

            var error = result.Error;
            if (error.Kind == GatewayErrorKind.ClientClosed || cancellationToken.IsCancellationRequested)
            {
                breaker.OnAbandoned(admission);
                return result;
            }

            if (!error.Retryable)
            {
                // The provider answered (a 4xx): it is up. An error from a stage (no upstream status) says nothing about it.
                if (error.UpstreamStatus is not null)
                {
                    breaker.OnSuccess();
                }
                else
                {
                    breaker.OnAbandoned(admission);
                }

                routing.RouteHeader = RouteHeader.Format(route.Name, plan, null, skipped);
                return result;
            }

            breaker.OnFailure();
            last = error;
            LogFailover(logger, route.Name, model, error.Kind, error.StatusCode);
        }

        routing.RouteHeader = RouteHeader.Format(route.Name, plan, null, skipped);
        return last ?? new GatewayError(GatewayErrorKind.UpstreamFailed, 503,
            $"Every target of route '{route.Name}' is unavailable: the circuit is open for {string.Join(", ", skipped.Distinct())}. Try again shortly.",
            "upstream_error", "route_unavailable")
        { Retryable = true };
    }

    /// <summary>A routed stream: once it has ended normally its usage is final, so savings and shadowing can happen.</summary>
    private sealed class AnsweredAtEnd(RoutingHandler owner, GatewayRequest request, RouteConfig route) : IStreamObserver
    {
        public void OnChunk(ChatChunk chunk)
        {
        }

        public ValueTask OnCompletedAsync(StreamCompletion completion)
        {
            if (completion.IsCompleted)
            {
                owner.Answered(request, route, route.Shadow is null ? null : completion.TextOf(0));
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>After a successful answer: the routing saving, and maybe a shadow sample.</summary>
    private void Answered(GatewayRequest request, RouteConfig route, string? answer)
    {
        var used = request.Features.Get<RoutingFeature>()?.ResolvedModel;
        if (RouteCatalog.MostCapable(route) is not { } best || used is null || used == best)
        {
            return;
        }

        // Saving = what the same tokens would have cost on the route's most capable model − what they cost here.
        if (request.Features.Get<UpstreamCallFeature>() is { Usage.IsEmpty: false } upstream && catalog.FindPrice(best) is { } bestPrice && catalog.FindPrice(used) is { } usedPrice)
        {
            var saving = CostCalculator.Compute(bestPrice, upstream.Usage, upstream.Batched).TotalUsd
                - CostCalculator.Compute(usedPrice, upstream.Usage, upstream.Batched).TotalUsd;
            request.Features.GetOrAdd<SavingsFeature>().Add(SavingReason.Routing, saving);
        }

        if (route.Shadow is { } options && answer is not null && request.Chat is { } chat && Random.Shared.NextDouble() < options.Sample)
        {
            shadow.Enqueue(new ShadowJob(request.RequestId, request.Tenant, route.Name, chat, used, answer, best, options.Judge));
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Route {Route}: target {Model} failed before the first byte ({Kind}, HTTP {Status}); trying the next target")]
    private static partial void LogFailover(ILogger logger, string route, string model, GatewayErrorKind kind, int status);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Route {Route}: skipping {Model}, the circuit of provider {Provider} is open")]
    private static partial void LogSkipped(ILogger logger, string route, string model, string provider);
}
