namespace Frugal.Core.PromptCache;

/// <summary>The learning rule's answer for one prefix: the action, the TTL of the marker, and why (for the header).</summary>
public readonly record struct PrefixDecision(PrefixAction Action, TimeSpan Ttl, string Reason)
{
    public static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan OneHour = TimeSpan.FromHours(1);

    public bool Marks => Action != PrefixAction.Skip;

    public static PrefixDecision Skip(string reason) => new(PrefixAction.Skip, TimeSpan.Zero, reason);
}
