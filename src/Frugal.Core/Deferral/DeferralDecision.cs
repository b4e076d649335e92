namespace Frugal.Core.Deferral;

/// <summary>Whether a call is deferred, and where its result is posted (null: fetched only).</summary>
public sealed record DeferralDecision(bool Defer, Uri? WebhookUrl)
{
    public static DeferralDecision Now { get; } = new(false, null);
}
