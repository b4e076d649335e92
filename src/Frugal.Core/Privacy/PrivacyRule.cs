namespace Frugal.Core.Privacy;

/// <summary>
/// A policy override from <c>privacy.routes</c>, <c>privacy.keys</c> or <c>privacy.providers</c>: an action for every
/// entity type (<c>"mode"</c>) and/or per entity type (<c>"entities"</c>). Unset = inherit.
/// </summary>
public sealed record PrivacyRule
{
    public PiiAction? Mode { get; init; }

    public IReadOnlyDictionary<string, PiiAction> Entities { get; init; } = new Dictionary<string, PiiAction>();
}
