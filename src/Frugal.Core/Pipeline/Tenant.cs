namespace Frugal.Core.Pipeline;

/// <summary>Who is calling: the virtual key and what it carries for budgets and reports.</summary>
public sealed record Tenant(string KeyId, string KeyName, string? Team, IReadOnlyList<string> Tags)
{
    /// <summary>The key opted in to storing prompt and response bodies in the ledger.</summary>
    public bool StoreBodies { get; init; }

    /// <summary>The caller in no-auth mode (loopback only).</summary>
    public static Tenant Anonymous { get; } = new("anonymous", "anonymous", null, []);
}
