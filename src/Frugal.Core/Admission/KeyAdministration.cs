using Frugal.Core.Budgets.Config;
using Frugal.Core.Budgets.Storage;
using Frugal.Core.Pipeline;

namespace Frugal.Core.Admission;

/// <summary>
/// The one set of rules for managing virtual keys, used by the admin API (<c>/admin/keys</c>) and by <c>frugal keys</c>:
/// text limits (<see cref="KeyLimits"/>), one active key per name (a legacy file's duplicates still count), expiry in
/// the future, per-key budgets as runtime budgets of scope key and per-key rate limits as run-time rules of the key's
/// id (only where budgets are on: <paramref name="budgets"/> and <paramref name="rateLimits"/> are null otherwise), revoke
/// by id always, revoke by name only when the name picks one key. Errors are OpenAI-shaped
/// <see cref="GatewayError"/>s: the API writes them as they are, the CLI prints their message. <paramref name="keysChanged"/>
/// runs after an update or revocation: the gateway drops its authenticator's cache there, so a change made through the
/// admin API holds from the next request (a change made by the CLI, another process, within auth.keyCacheSeconds).
/// <paramref name="budgetsChanged"/> runs after a budget or rate limit was written (the gateway re-reads them at once;
/// another process within budgets.refreshSeconds).
/// </summary>
public sealed class KeyAdministration(
    IKeyStore store,
    TimeProvider time,
    IBudgetDefinitionStore? budgets = null,
    Func<CancellationToken, Task>? budgetsChanged = null,
    Action? keysChanged = null,
    IKeyRateLimitStore? rateLimits = null)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    private const decimal MaxBudgetUsd = 1_000_000_000m;

    public async Task<GatewayResult<CreatedKey>> CreateAsync(KeySpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var now = time.GetUtcNow();
        var invalid = KeyLimits.Problem(spec.Name, "name", KeyLimits.MaxNameChars) is { } nameProblem ? Invalid(nameProblem, "name")
            : spec.Team is not null && KeyLimits.Problem(spec.Team, "team", KeyLimits.MaxTeamChars) is { } teamProblem ? Invalid(teamProblem, "team")
            : TagsProblem(spec.Tags) ?? ExpiryProblem(spec.ExpiresAt, now) ?? ModelsProblem(spec.AllowedModels) ?? BudgetProblem(spec.Budget, out _)
                ?? RateLimitProblem(spec.RateLimit);
        if (invalid is not null)
        {
            return invalid;
        }

        var name = spec.Name!;
        if (await ActiveNamedAsync(name, cancellationToken).ConfigureAwait(false) is { Count: > 0 } taken)
        {
            return NameTaken(name, taken);
        }

        var secret = VirtualKeys.NewKey();
        var record = new VirtualKeyRecord(VirtualKeys.NewId(), name, spec.Team, Distinct(spec.Tags), VirtualKeys.DisplayPrefix(secret), now, null)
        {
            StoreBodies = spec.StoreBodies,
            ExpiresAt = spec.ExpiresAt?.ToUniversalTime(),
            AllowedModels = Distinct(spec.AllowedModels),
        };
        try
        {
            await store.AddAsync(record, VirtualKeys.Hash(secret), cancellationToken).ConfigureAwait(false);
        }
        catch (KeyNameTakenException)
        {
            return NameTaken(name, await ActiveNamedAsync(name, cancellationToken).ConfigureAwait(false));
        }

        var limitsChanged = await SetBudgetAsync(record.Id, spec.Budget, now, cancellationToken).ConfigureAwait(false);
        limitsChanged |= spec.RateLimit is not null && await SetRateLimitAsync(record.Id, spec.RateLimit, now, cancellationToken).ConfigureAwait(false);
        await LimitsChangedAsync(limitsChanged, cancellationToken).ConfigureAwait(false);
        return new CreatedKey(await DetailsAsync(record, now, cancellationToken).ConfigureAwait(false), secret);
    }

    public async Task<GatewayResult<KeyPage>> ListAsync(KeyFilter filter, int? limit, string? after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Status is not (null or "active" or "expired" or "revoked"))
        {
            return Invalid("status must be active, expired or revoked (or left out for all keys).", "status");
        }

        if (limit is < 1 or > MaxPageSize)
        {
            return Invalid($"limit must be between 1 and {MaxPageSize}.", "limit");
        }

        var now = time.GetUtcNow();
        var all = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        var start = 0;
        if (after is not null)
        {
            start = IndexOf(all, after) + 1;
            if (start == 0)
            {
                return Invalid($"after must be the id of a key ('{after}' is none).", "after");
            }
        }

        var size = limit ?? DefaultPageSize;
        var budgetList = await KeyBudgetsAsync(cancellationToken).ConfigureAwait(false);
        var rateList = await KeyRatesAsync(cancellationToken).ConfigureAwait(false);
        var page = new List<KeyDetails>(Math.Min(size, all.Count));
        for (var i = start; i < all.Count; i++)
        {
            var key = all[i];
            if (!Matches(key, filter, now))
            {
                continue;
            }

            if (page.Count == size)
            {
                return new KeyPage(page, HasMore: true);
            }

            page.Add(new KeyDetails(key, StatusOf(key, now), BudgetsOf(key.Id, budgetList), RateOf(key.Id, rateList)));
        }

        return new KeyPage(page, HasMore: false);
    }

    public async Task<GatewayResult<KeyDetails>> GetAsync(string id, CancellationToken cancellationToken)
    {
        var key = await store.FindByIdAsync(id, cancellationToken).ConfigureAwait(false);
        return key is null ? NotFound(id) : await DetailsAsync(key, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    public async Task<GatewayResult<KeyDetails>> UpdateAsync(string id, KeyChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var now = time.GetUtcNow();
        var invalid = changes.SetsTeam && changes.Team is not null && KeyLimits.Problem(changes.Team, "team", KeyLimits.MaxTeamChars) is { } teamProblem ? Invalid(teamProblem, "team")
            : (changes.Tags is null ? null : TagsProblem(changes.Tags))
                ?? (changes.SetsExpiry ? ExpiryProblem(changes.ExpiresAt, now) : null)
                ?? (changes.AllowedModels is null ? null : ModelsProblem(changes.AllowedModels))
                ?? BudgetProblem(changes.Budget, out _)
                ?? (changes.SetsRateLimit ? RateLimitProblem(changes.RateLimit) : null);
        if (invalid is not null)
        {
            return invalid;
        }

        var key = await store.FindByIdAsync(id, cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            return NotFound(id);
        }

        if (key.IsRevoked)
        {
            return new GatewayError(GatewayErrorKind.InvalidRequest, 409, $"Key {id} is revoked; a revoked key cannot be changed.", "invalid_request_error", "key_revoked");
        }

        var updated = key with
        {
            Team = changes.SetsTeam ? changes.Team : key.Team,
            Tags = changes.Tags is null ? key.Tags : Distinct(changes.Tags),
            ExpiresAt = changes.SetsExpiry ? changes.ExpiresAt?.ToUniversalTime() : key.ExpiresAt,
            AllowedModels = changes.AllowedModels is null ? key.AllowedModels : Distinct(changes.AllowedModels),
        };
        if (!await store.UpdateAsync(updated, cancellationToken).ConfigureAwait(false))
        {
            return NotFound(id);
        }

        keysChanged?.Invoke();

        var limitsChanged = await SetBudgetAsync(id, changes.Budget, now, cancellationToken).ConfigureAwait(false);
        limitsChanged |= changes.SetsRateLimit && await SetRateLimitAsync(id, changes.RateLimit, now, cancellationToken).ConfigureAwait(false);
        await LimitsChangedAsync(limitsChanged, cancellationToken).ConfigureAwait(false);
        return await DetailsAsync(updated, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Revokes the key with this id; revoking a revoked key again answers it as it is (DELETE is idempotent).</summary>
    public async Task<GatewayResult<KeyDetails>> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var key = await store.FindByIdAsync(id, cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            return NotFound(id);
        }

        if (!key.IsRevoked && await store.RevokeAsync(id, now, cancellationToken).ConfigureAwait(false))
        {
            key = key with { RevokedAt = now };
            keysChanged?.Invoke();
        }

        return await DetailsAsync(key, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>keys revoke NAME</c>: an id is revoked as such; otherwise the one active key with that name. Several active keys
    /// with the name (written before names were unique) is an error naming their ids, so nothing is revoked by surprise.
    /// </summary>
    public async Task<GatewayResult<KeyDetails>> RevokeByIdOrNameAsync(string idOrName, CancellationToken cancellationToken)
    {
        if (await store.FindByIdAsync(idOrName, cancellationToken).ConfigureAwait(false) is not null)
        {
            return await RevokeAsync(idOrName, cancellationToken).ConfigureAwait(false);
        }

        var candidates = await ActiveNamedAsync(idOrName, cancellationToken).ConfigureAwait(false);
        return candidates.Count switch
        {
            0 => new GatewayError(GatewayErrorKind.InvalidRequest, 404, $"No active key has the id or name '{idOrName}'.", "invalid_request_error", "key_not_found"),
            1 => await RevokeAsync(candidates[0].Id, cancellationToken).ConfigureAwait(false),
            _ => new GatewayError(GatewayErrorKind.InvalidRequest, 409,
                $"{candidates.Count} active keys are named '{idOrName}': {string.Join(", ", candidates.Select(k => k.Id))}. Nothing was revoked; revoke one by its id.",
                "invalid_request_error", "ambiguous_key_name"),
        };
    }

    public static string StatusOf(VirtualKeyRecord key, DateTimeOffset now)
        => key.IsRevoked ? "revoked" : key.IsExpired(now) ? "expired" : "active";

    private static bool Matches(VirtualKeyRecord key, KeyFilter filter, DateTimeOffset now)
        => (filter.Name is null || key.Name == filter.Name)
            && (filter.Team is null || key.Team == filter.Team)
            && (filter.Tag is null || key.Tags.Contains(filter.Tag, StringComparer.Ordinal))
            && (filter.Status is null || StatusOf(key, now) == filter.Status);

    private static int IndexOf(IReadOnlyList<VirtualKeyRecord> keys, string id)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            if (keys[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    private async Task<List<VirtualKeyRecord>> ActiveNamedAsync(string name, CancellationToken cancellationToken)
    {
        var keys = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        return [.. keys.Where(k => !k.IsRevoked && k.Name == name)];
    }

    private async Task<KeyDetails> DetailsAsync(VirtualKeyRecord key, DateTimeOffset now, CancellationToken cancellationToken)
        => new(key, StatusOf(key, now), BudgetsOf(key.Id, await KeyBudgetsAsync(cancellationToken).ConfigureAwait(false)), RateOf(key.Id, await KeyRatesAsync(cancellationToken).ConfigureAwait(false)));

    /// <summary>Every key's run-time rate rule by key id (a page of 500 keys looks each up once).</summary>
    private async Task<Dictionary<string, RateLimitRule>> KeyRatesAsync(CancellationToken cancellationToken)
    {
        var byKey = new Dictionary<string, RateLimitRule>(StringComparer.Ordinal);
        foreach (var rule in rateLimits is null ? [] : await rateLimits.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            byKey[rule.Subject] = rule;
        }

        return byKey;
    }

    private static KeyRateLimit? RateOf(string keyId, Dictionary<string, RateLimitRule> byKey)
        => byKey.TryGetValue(keyId, out var rule) ? new KeyRateLimit(rule.RequestsPerMinute, rule.TokensPerMinute, rule.MaxOutputTokens) : null;

    private async Task<IReadOnlyList<BudgetDefinition>> KeyBudgetsAsync(CancellationToken cancellationToken)
        => budgets is null ? [] : await budgets.ListAsync(cancellationToken).ConfigureAwait(false);

    private static List<BudgetDefinition> BudgetsOf(string keyId, IReadOnlyList<BudgetDefinition> all)
        => [.. all.Where(b => b.Scope == BudgetScope.Key && b.Subject == keyId)];

    /// <summary>Writes the key's budget; false when there was none to write.</summary>
    private async Task<bool> SetBudgetAsync(string keyId, KeyBudget? budget, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (budget is null || budgets is null)
        {
            return false;
        }

        var window = BudgetWindow.TryParse(budget.Window ?? "monthly")!;
        await budgets.UpsertAsync(
            new BudgetDefinition
            {
                Id = BudgetDefinition.DefaultId(BudgetScope.Key, keyId, window),
                Scope = BudgetScope.Key,
                Subject = keyId,
                Window = window,
                LimitUsd = budget.Usd,
                Source = "runtime",
            },
            now,
            cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Sets (or, for null, removes) the key's run-time rate limit; false when nothing changed.</summary>
    private async Task<bool> SetRateLimitAsync(string keyId, KeyRateLimit? limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (rateLimits is null)
        {
            return false; // budgets off: a limit was refused by RateLimitProblem, and there is none to remove
        }

        if (limit is null)
        {
            return await rateLimits.DeleteAsync(keyId, cancellationToken).ConfigureAwait(false);
        }

        await rateLimits.UpsertAsync(RateLimitRule.ForKey(keyId, limit.RequestsPerMinute, limit.TokensPerMinute, (int?)limit.MaxOutputTokens), now, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>One re-read of budgets and rate limits after this call wrote either (the serving gateway applies them at once).</summary>
    private async Task LimitsChangedAsync(bool changed, CancellationToken cancellationToken)
    {
        if (changed && budgetsChanged is not null)
        {
            await budgetsChanged(cancellationToken).ConfigureAwait(false);
        }
    }

    private static GatewayError? TagsProblem(IReadOnlyList<string> tags)
    {
        if (tags.Count > KeyLimits.MaxTags)
        {
            return Invalid($"a key has at most {KeyLimits.MaxTags} tags ({tags.Count} given).", "tags");
        }

        foreach (var tag in tags)
        {
            if (KeyLimits.Problem(tag, "a tag", KeyLimits.MaxTagChars) is { } problem)
            {
                return Invalid(problem, "tags");
            }
        }

        return null;
    }

    private static GatewayError? ExpiryProblem(DateTimeOffset? expiresAt, DateTimeOffset now)
        => expiresAt is { } at && at <= now ? Invalid("expires_at is not in the future (to stop a key now, revoke it).", "expires_at") : null;

    private static GatewayError? ModelsProblem(IReadOnlyList<string> models)
    {
        if (models.Count > KeyLimits.MaxAllowedModels)
        {
            return Invalid($"a key allows at most {KeyLimits.MaxAllowedModels} models or routes ({models.Count} given).", "allowed_models");
        }

        foreach (var model in models)
        {
            if (KeyLimits.ModelProblem(model) is { } problem)
            {
                return Invalid(problem, "allowed_models");
            }
        }

        return null;
    }

    private GatewayError? BudgetProblem(KeyBudget? budget, out BudgetWindow? window)
    {
        window = null;
        if (budget is null)
        {
            return null;
        }

        if (budgets is null)
        {
            return Invalid("a per-key budget needs budgets turned on: add a \"budgets\" section to frugal.json.", "budget");
        }

        if (budget.Usd is <= 0 or > MaxBudgetUsd)
        {
            return Invalid($"budget.usd must be more than 0 and at most {MaxBudgetUsd:0}.", "budget.usd");
        }

        window = BudgetWindow.TryParse(budget.Window ?? "monthly");
        return window is null ? Invalid("budget.window must be daily, monthly or rolling:Nd (N from 1 to 366).", "budget.window") : null;
    }

    private GatewayError? RateLimitProblem(KeyRateLimit? limit)
    {
        if (limit is null)
        {
            return null;
        }

        if (rateLimits is null)
        {
            return Invalid("a per-key rate limit needs budgets turned on: add a \"budgets\" section to frugal.json (\"budgets\": {} is enough).", "rate_limit");
        }

        if (limit.RequestsPerMinute is null && limit.TokensPerMinute is null && limit.MaxOutputTokens is null)
        {
            return Invalid("rate_limit sets nothing: give requests_per_minute, tokens_per_minute or max_output_tokens (to remove a key's limit, update it with \"rate_limit\": null).", "rate_limit");
        }

        return LimitProblem(limit.RequestsPerMinute, KeyRateLimit.MaxRequestsPerMinute, "requests_per_minute")
            ?? LimitProblem(limit.TokensPerMinute, KeyRateLimit.MaxTokensPerMinute, "tokens_per_minute")
            ?? LimitProblem(limit.MaxOutputTokens, KeyRateLimit.MaxOutputTokensCap, "max_output_tokens");
    }

    private static GatewayError? LimitProblem(long? value, long max, string field)
        => value is < 1 || value > max ? Invalid($"rate_limit.{field} must be a whole number from 1 to {max} ({value} given).", "rate_limit." + field) : null;

    private static IReadOnlyList<string> Distinct(IReadOnlyList<string> values)
        => values.Count == 0 ? [] : [.. values.Distinct(StringComparer.Ordinal)];

    private static GatewayError Invalid(string message, string param) => GatewayError.InvalidRequest("Invalid key: " + message, param, "invalid_key_field");

    private static GatewayError NotFound(string id)
        => new(GatewayErrorKind.InvalidRequest, 404, $"No key has the id '{id}'.", "invalid_request_error", "key_not_found");

    private static GatewayError NameTaken(string name, IReadOnlyList<VirtualKeyRecord> holders)
        => new(GatewayErrorKind.InvalidRequest, 409,
            $"An active key is already named '{name}' ({string.Join(", ", holders.Select(k => k.Id))}). Names are unique among active keys: pick another name or revoke that key first.",
            "invalid_request_error", "key_name_taken")
        { Param = "name" };
}
