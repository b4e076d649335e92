namespace Frugal.Core.Pipeline;

/// <summary>Who is calling: the virtual key and what it carries for budgets and reports.</summary>
public sealed record Tenant(string KeyId, string KeyName, string? Team, IReadOnlyList<string> Tags)
{
    /// <summary>The key opted in to storing prompt and response bodies in the ledger.</summary>
    public bool StoreBodies { get; init; }

    /// <summary>
    /// The request <c>model</c> values (model or route names) this key may ask for; null = any. Checked once per request
    /// at intake (a set lookup, no allocation); set from the key's record by the key authenticator.
    /// </summary>
    public IReadOnlySet<string>? AllowedModels { get; init; }

    /// <summary>The caller in no-auth mode (loopback only).</summary>
    public static Tenant Anonymous { get; } = new("anonymous", "anonymous", null, []);
}
