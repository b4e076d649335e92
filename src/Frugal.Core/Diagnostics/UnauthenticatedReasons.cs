namespace Frugal.Core.Diagnostics;

/// <summary>The values of <c>frugal.requests.unauthenticated{reason}</c>: a fixed set, never the presented key.</summary>
public static class UnauthenticatedReasons
{
    /// <summary>No Authorization header.</summary>
    public const string MissingKey = "missing_key";

    /// <summary>An Authorization header that is not <c>Bearer &lt;key&gt;</c>.</summary>
    public const string MalformedHeader = "malformed_header";

    /// <summary>A key that is not a virtual key or that the key store does not know.</summary>
    public const string InvalidKey = "invalid_key";

    /// <summary>A known key that an admin revoked.</summary>
    public const string Revoked = "revoked";

    /// <summary>A known key past its expiry.</summary>
    public const string Expired = "expired";

    /// <summary>Any reason not listed above.</summary>
    public const string Other = "other";

    /// <summary><paramref name="reason"/> when it is one of the constants above, else <see cref="Other"/>.</summary>
    public static string Normalise(string? reason) => reason switch
    {
        MissingKey => MissingKey,
        MalformedHeader => MalformedHeader,
        InvalidKey => InvalidKey,
        Revoked => Revoked,
        Expired => Expired,
        _ => Other,
    };
}
