namespace Frugal.Core.Deferral;

/// <summary>
/// The <c>deferral</c> section: off unless <see cref="Enabled"/>. A call is deferred when its <c>x-frugal-defer</c>
/// header says so, or else when the rule of its route/model, key (name, then id), team or first matching tag does.
/// Gathered calls go to Frugal's batch jobs per (key, requested model) when <see cref="MaxBatchSize"/> calls wait or
/// the oldest has waited <see cref="MaxAge"/>; <see cref="Models"/> overrides both per requested model or route.
/// </summary>
public sealed record DeferralConfig
{
    public bool Enabled { get; init; }

    public int MaxBatchSize { get; init; } = 1000;

    public TimeSpan MaxAge { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the gatherer looks at waiting calls, submitted jobs and due webhooks.</summary>
    public TimeSpan GatherInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a finished result stays fetchable from <c>/v1/deferred/{id}</c>.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);

    public DeferralWebhookConfig Webhook { get; init; } = new();

    public IReadOnlyDictionary<string, DeferralRule> Keys { get; init; } = new Dictionary<string, DeferralRule>();

    public IReadOnlyDictionary<string, DeferralRule> Teams { get; init; } = new Dictionary<string, DeferralRule>();

    public IReadOnlyDictionary<string, DeferralRule> Tags { get; init; } = new Dictionary<string, DeferralRule>();

    /// <summary>Rules by requested model or route name (the name the client sent).</summary>
    public IReadOnlyDictionary<string, DeferralRule> Routes { get; init; } = new Dictionary<string, DeferralRule>();

    /// <summary>Gathering limits by requested model or route name.</summary>
    public IReadOnlyDictionary<string, DeferralGathering> Models { get; init; } = new Dictionary<string, DeferralGathering>();

    public DeferralGathering GatheringFor(string requestedModel)
        => Models.TryGetValue(requestedModel, out var limits) ? limits : new DeferralGathering(MaxBatchSize, MaxAge);
}
