namespace Frugal.Core.Caching.Semantic.Verification;

/// <summary>
/// The verifier's verdict on a (query, cached query) pair. <see cref="Reason"/> names the
/// category that differs ("numbers differ", "negation differs", ...) and never quotes the
/// texts, so it is safe to log and to count.
/// </summary>
public readonly record struct VerifierResult(bool Accepted, string? Reason)
{
    public static VerifierResult Accept { get; } = new(true, null);

    public static VerifierResult Reject(string reason) => new(false, reason);
}
