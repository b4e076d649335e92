using System.Globalization;
using Frugal.Core.Pipeline;
using Frugal.Core.Routing.Classification;
using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Routing.Routes;

/// <summary>
/// Decides, per request, which models of a route to try and in what order: the strategy's choice
/// first (complexity tier → model, learned weak/strong, or the configured order), then the rest as
/// failovers. A sticky conversation goes back to the model that answered it before; a budget
/// downgrade (<see cref="DowngradeRequest"/>) moves the choice one step cheaper.
/// </summary>
public sealed class RoutePlanner
{
    private readonly RouteCatalog _catalog;
    private readonly StickySessions _sticky;
    private readonly Dictionary<string, ComplexityClassifier> _classifiers = new(StringComparer.Ordinal);

    public RoutePlanner(RouteCatalog catalog, StickySessions sticky)
    {
        _catalog = catalog;
        _sticky = sticky;
        foreach (var route in catalog.Routes.Values.Where(r => r.Strategy == RouteStrategy.Complexity))
        {
            _classifiers[route.Name] = new ComplexityClassifier(route.Rules);
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
            RouteStrategy.Learned => PlanLearned(route, chat, downgrade),
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

    private static RoutePlan PlanLearned(RouteConfig route, ChatCompletionRequest chat, string? downgrade)
    {
        var model = route.LearnedModel!;
        var p = model.ProbabilityWeakIsGoodEnough(PromptView.LastUserMessage(chat));
        var strong = p < model.Threshold;
        var reason = string.Create(CultureInfo.InvariantCulture, $"learned:p={p:0.00}");
        if (strong && downgrade is not null && route.Weak != route.Strong)
        {
            strong = false;
            reason = Downgrade(downgrade, route.Strong!, route.Weak!);
        }

        var models = strong ? new[] { route.Strong!, route.Weak! } : [route.Weak!, route.Strong!];
        return new RoutePlan(models.Distinct(StringComparer.Ordinal).ToArray(), strong ? "strong" : "weak", reason, null);
    }

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
