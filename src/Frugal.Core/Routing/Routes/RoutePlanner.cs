using System.Buffers;
using System.Globalization;
using Frugal.Core.Caching.Semantic.Embedding;
using Frugal.Core.Configuration;
using Frugal.Core.Pipeline;
using Frugal.Core.Routing.Classification;
using Frugal.Core.Routing.Learned;
using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Routing.Routes;

/// <summary>
/// Decides, per request, which models of a route to try and in what order: the strategy's choice
/// first (complexity tier → model, learned weak/strong, or the configured order), then the rest as
/// failovers. A sticky conversation goes back to the model that answered it before; a budget
/// downgrade (<see cref="DowngradeRequest"/>) moves the choice one step cheaper.
/// </summary>
/// <remarks>
/// A learned route with a target share decides through its <see cref="StrongShareController"/>
/// (threshold = a running quantile of the route's recent scores), whose window is saved in the data
/// directory (<see cref="RouterShareStore"/>) at most every <see cref="ShareSaveInterval"/>, off the
/// request path, and when the planner is disposed at shutdown; it is restored at start.
/// </remarks>
public sealed class RoutePlanner : IDisposable
{
    /// <summary>Shortest time between two background saves of the share windows.</summary>
    public static readonly TimeSpan ShareSaveInterval = TimeSpan.FromSeconds(10);

    private readonly RouteCatalog _catalog;
    private readonly StickySessions _sticky;
    private readonly TimeProvider _time;
    private readonly RouterShareStore? _shareStore;
    private readonly Dictionary<string, ComplexityClassifier> _classifiers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LearnedRoute> _learned = new(StringComparer.Ordinal);
    private readonly Lock _saveLock = new();
    private long _lastSaveTicks;
    private int _saving;

    /// <summary>Without a data directory: share windows start from the trained distribution and are not saved.</summary>
    public RoutePlanner(RouteCatalog catalog, StickySessions sticky)
        : this(catalog, sticky, null, TimeProvider.System)
    {
    }

    public RoutePlanner(RouteCatalog catalog, StickySessions sticky, GatewayConfig? config, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(time);
        _catalog = catalog;
        _sticky = sticky;
        _time = time;
        _shareStore = config is null ? null : new RouterShareStore(config.DataDir);
        _lastSaveTicks = time.GetUtcNow().UtcTicks;
        foreach (var route in catalog.Routes.Values.Where(r => r.Strategy == RouteStrategy.Complexity))
        {
            _classifiers[route.Name] = new ComplexityClassifier(route.Rules);
        }

        var embedders = new Dictionary<string, ILocalEmbedder>(StringComparer.Ordinal);
        foreach (var route in catalog.Routes.Values.Where(r => r is { Strategy: RouteStrategy.Learned, LearnedModel: not null }))
        {
            var model = route.LearnedModel!;
            StrongShareController? controller = null;
            if (route is { TargetStrongShare: { } share, ShareWindow: > 0 })
            {
                controller = new StrongShareController(share, route.ShareWindow, model.Threshold, model.ScoreQuantiles);
                _shareStore?.TryRestore(route.Name, model.ScoreFingerprint, controller);
            }

            var embedder = model.NeedsEmbedding ? Embedder(model.Features, config, embedders) : null;
            _learned[route.Name] = new LearnedRoute(model, controller, embedder);
        }
    }

    /// <summary>The share controller of a learned route, or null (not learned, or a fixed threshold).</summary>
    public StrongShareController? ShareController(string route) => _learned.TryGetValue(route, out var learned) ? learned.Controller : null;

    /// <summary>Writes every learned route's share window to the data directory now (also done at dispose).</summary>
    public void SaveShareState()
    {
        if (_shareStore is null)
        {
            return;
        }

        lock (_saveLock)
        {
            var now = _time.GetUtcNow();
            foreach (var (name, learned) in _learned)
            {
                if (learned.Controller is { } controller)
                {
                    _shareStore.Save(name, learned.Model.ScoreFingerprint, controller, now);
                }
            }

            Interlocked.Exchange(ref _lastSaveTicks, now.UtcTicks);
        }
    }

    public void Dispose()
    {
        try
        {
            SaveShareState();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Shutting down: a window that cannot be written means a warm start next time, nothing worse.
        }
    }

    public RoutePlan Plan(RouteConfig route, GatewayRequest request)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(request);
        var chat = request.Chat;
        if (chat is null)
        {
            // Embeddings have no prompt to judge: the route's models in their natural order.
            return new RoutePlan(RouteCatalog.ModelsOf(route), null, "order", null);
        }

        var downgrade = request.Features.Get<DowngradeRequest>()?.Reason;
        var plan = route.Strategy switch
        {
            RouteStrategy.Complexity => PlanComplexity(route, chat, downgrade),
            RouteStrategy.Learned => PlanLearned(_learned[route.Name], route, chat, downgrade),
            _ => PlanFailover(route, downgrade),
        };

        if (!route.Sticky)
        {
            return plan;
        }

        var key = StickySessions.Key(route.Name, request);
        plan = plan with { StickyKey = key };
        if (downgrade is null && _sticky.Get(key) is { } stuck && plan.Models.Contains(stuck, StringComparer.Ordinal) && plan.Models[0] != stuck)
        {
            return plan with { Models = [stuck, .. plan.Models.Where(m => m != stuck)], Reason = "sticky" };
        }

        return downgrade is null && plan.Models.Count > 0 && _sticky.Get(key) == plan.Models[0]
            ? plan with { Reason = "sticky" }
            : plan;
    }

    private RoutePlan PlanFailover(RouteConfig route, string? downgrade)
    {
        var models = route.Targets;
        if (downgrade is not null && _catalog.NextCheaper(route.Name, models[0]) is { } cheaper)
        {
            return new RoutePlan([cheaper, .. models.Where(m => m != cheaper)], null, Downgrade(downgrade, models[0], cheaper), null);
        }

        return new RoutePlan(models, null, "order", null);
    }

    private RoutePlan PlanComplexity(RouteConfig route, ChatCompletionRequest chat, string? downgrade)
    {
        var verdict = _classifiers[route.Name].Classify(PromptView.Complexity(chat));
        var tiers = route.Tiers!;
        var role = TierModelMap.RoleFor(verdict.Tier, route.Priority);
        var reason = Compact(verdict.Reason);
        if (downgrade is not null && role > ModelRole.Fast)
        {
            var from = tiers.ModelFor(role);
            role--;
            if (tiers.ModelFor(role) != from)
            {
                reason = Downgrade(downgrade, from, tiers.ModelFor(role));
            }
        }

        // Fail over up the tiers first (a stronger model can do the job), then down.
        var order = new List<ModelRole> { role };
        order.AddRange(Enum.GetValues<ModelRole>().Where(r => r > role));
        order.AddRange(Enum.GetValues<ModelRole>().Where(r => r < role).Reverse());
        var models = order.Select(tiers.ModelFor).Distinct(StringComparer.Ordinal).ToArray();
        return new RoutePlan(models, verdict.Tier.ToString().ToLowerInvariant(), reason, null);
    }

    private RoutePlan PlanLearned(LearnedRoute learned, RouteConfig route, ChatCompletionRequest chat, string? downgrade)
    {
        var model = learned.Model;
        var p = Score(learned, PromptView.LastUserMessage(chat));
        bool strong;
        if (learned.Controller is { } controller)
        {
            strong = controller.Decide(p, out _);
            SaveSoon();
        }
        else
        {
            strong = p < model.Threshold;
        }

        var reason = model.Rule == RouterRule.PromptLength
            ? string.Create(CultureInfo.InvariantCulture, $"length:s={p:0.000}")
            : string.Create(CultureInfo.InvariantCulture, $"learned:p={p:0.00}");
        if (strong && downgrade is not null && route.Weak != route.Strong)
        {
            strong = false;
            reason = Downgrade(downgrade, route.Strong!, route.Weak!);
        }

        var models = strong ? new[] { route.Strong!, route.Weak! } : [route.Weak!, route.Strong!];
        return new RoutePlan(models.Distinct(StringComparer.Ordinal).ToArray(), strong ? "strong" : "weak", reason, null);
    }

    private static double Score(LearnedRoute learned, string prompt)
    {
        if (learned.Embedder is not { } embedder)
        {
            return learned.Model.ProbabilityWeakIsGoodEnough(prompt);
        }

        var buffer = ArrayPool<float>.Shared.Rent(embedder.Dimensions);
        try
        {
            var vector = buffer.AsSpan(0, embedder.Dimensions);
            embedder.Embed(prompt, vector);
            return learned.Model.ProbabilityWeakIsGoodEnough(prompt, vector);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    // At most one save in flight, at most one per interval, never on the request's thread.
    private void SaveSoon()
    {
        if (_shareStore is null || _time.GetUtcNow().UtcTicks - Interlocked.Read(ref _lastSaveTicks) < ShareSaveInterval.Ticks
            || Interlocked.CompareExchange(ref _saving, 1, 0) != 0)
        {
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(
            static planner =>
            {
                try
                {
                    planner.SaveShareState();
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // A full or read-only disk: keep routing; the window is rebuilt from live traffic after a restart.
                }
                finally
                {
                    Volatile.Write(ref planner._saving, 0);
                }
            },
            this,
            preferLocal: false);
    }

    /// <summary>The one instance per embedder name the learned routes share; a router needs a local embedder with the dimensions it was trained with.</summary>
    private static ILocalEmbedder Embedder(RouterFeatureOptions features, GatewayConfig? config, Dictionary<string, ILocalEmbedder> embedders)
    {
        var name = features.Embedder!;
        if (!embedders.TryGetValue(name, out var embedder))
        {
            var options = new EmbedderOptions { Kind = name, DataDir = config?.DataDir ?? new GatewayConfig().DataDir, Dimensions = name == "hashing" ? features.EmbeddingDimensions : 0 };
            embedder = EmbedderFactory.Create(options, http: null) as ILocalEmbedder
                ?? throw new InvalidOperationException($"The router's embedder '{name}' is not a local embedder.");
            embedders[name] = embedder;
        }

        return embedder.Dimensions == features.EmbeddingDimensions
            ? embedder
            : throw new InvalidOperationException($"The router was trained with {features.EmbeddingDimensions}-dimensional '{name}' embeddings; this build's '{name}' gives {embedder.Dimensions}.");
    }

    /// <summary>What a learned route decides with, built once.</summary>
    private sealed record LearnedRoute(LearnedRouterModel Model, StrongShareController? Controller, ILocalEmbedder? Embedder);

    private static string Downgrade(string why, string from, string to) => $"downgrade:{why} ({from}->{to})";

    /// <summary>
    /// The classifier's reason ("keywords: prove, theorem; 20 tokens") in header form
    /// ("keywords:prove,theorem + 20 tokens"): ';' separates the header's fields, so signals are joined with " + ".
    /// </summary>
    private static string Compact(string reason) => reason
        .Replace(", ", ",", StringComparison.Ordinal)
        .Replace(": ", ":", StringComparison.Ordinal)
        .Replace("; ", " + ", StringComparison.Ordinal)
        .Replace(';', ',');
}
