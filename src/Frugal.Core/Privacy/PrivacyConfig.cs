namespace Frugal.Core.Privacy;

/// <summary>
/// The <c>privacy</c> section. Off unless <c>enabled</c>; then every built-in entity type is masked unless
/// <c>mode</c>/<c>entities</c> say otherwise, and <c>providers</c>, <c>routes</c> and <c>keys</c> override in that
/// order (the key's rule is the most specific). See <see cref="PrivacyPolicyResolver"/>.
/// </summary>
public sealed record PrivacyConfig
{
    public bool Enabled { get; init; }

    /// <summary>The action for every entity type without its own (default mask).</summary>
    public PiiAction Mode { get; init; } = PiiAction.Mask;

    public IReadOnlyDictionary<string, PiiAction> Entities { get; init; } = new Dictionary<string, PiiAction>();

    /// <summary>A finding at or above this score is acted on (Presidio's default threshold is in the same place).</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Longer than this to mask one request = refused (fail closed), never sent unmasked.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMilliseconds(250);

    public IReadOnlyDictionary<string, PrivacyRule> Providers { get; init; } = new Dictionary<string, PrivacyRule>();

    public IReadOnlyDictionary<string, PrivacyRule> Routes { get; init; } = new Dictionary<string, PrivacyRule>();

    public IReadOnlyDictionary<string, PrivacyRule> Keys { get; init; } = new Dictionary<string, PrivacyRule>();

    public IReadOnlyList<CustomPatternConfig> Patterns { get; init; } = [];

    public IReadOnlyList<DenyListConfig> DenyLists { get; init; } = [];
}
