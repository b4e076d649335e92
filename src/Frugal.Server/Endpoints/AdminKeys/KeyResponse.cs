namespace Frugal.Server.Endpoints.AdminKeys;

/// <summary>A key as the admin API shows it; <see cref="Key"/> (the secret) only in the answer to its creation.</summary>
public sealed class KeyResponse
{
    public string Object { get; init; } = "virtual_key";

    public required string Id { get; init; }

    public required string Name { get; init; }

    public string? Team { get; init; }

    public required IReadOnlyList<string> Tags { get; init; }

    public required string Prefix { get; init; }

    public required string Status { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>Empty = any model or route.</summary>
    public required IReadOnlyList<string> AllowedModels { get; init; }

    public bool StoreBodies { get; init; }

    public required IReadOnlyList<KeyBudgetResponse> Budgets { get; init; }

    /// <summary>The key's run-time rate limit (null = none; budgets.rateLimits rules of frugal.json apply beside it).</summary>
    public KeyRateLimitBody? RateLimit { get; init; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Key { get; init; }
}
