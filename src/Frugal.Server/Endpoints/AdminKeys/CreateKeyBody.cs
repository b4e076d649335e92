namespace Frugal.Server.Endpoints.AdminKeys;

/// <summary>The body of <c>POST /admin/keys</c>; unknown fields are refused (a typo must not be silently ignored).</summary>
public sealed class CreateKeyBody
{
    public string? Name { get; set; }

    public string? Team { get; set; }

    public List<string>? Tags { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public List<string>? AllowedModels { get; set; }

    public bool StoreBodies { get; set; }

    public KeyBudgetBody? Budget { get; set; }

    public KeyRateLimitBody? RateLimit { get; set; }
}
