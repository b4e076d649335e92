namespace Frugal.Server.Endpoints.AdminKeys;

/// <summary>
/// The body of <c>PATCH /admin/keys/{id}</c>. The serializer calls a setter only for a field the body has (with null for
/// JSON null), so each setter records that the field was given: <c>"team": null</c> clears the team, no <c>team</c>
/// leaves it; likewise <c>"rate_limit": null</c> removes the key's rate limit.
/// </summary>
public sealed class PatchKeyBody
{
    private string? _team;
    private DateTimeOffset? _expiresAt;
    private KeyRateLimitBody? _rateLimit;

    public string? Team
    {
        get => _team;
        set
        {
            _team = value;
            HasTeam = true;
        }
    }

    public List<string>? Tags { get; set; }

    public DateTimeOffset? ExpiresAt
    {
        get => _expiresAt;
        set
        {
            _expiresAt = value;
            HasExpiresAt = true;
        }
    }

    public List<string>? AllowedModels { get; set; }

    public KeyBudgetBody? Budget { get; set; }

    public KeyRateLimitBody? RateLimit
    {
        get => _rateLimit;
        set
        {
            _rateLimit = value;
            HasRateLimit = true;
        }
    }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasTeam { get; private set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasExpiresAt { get; private set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasRateLimit { get; private set; }
}
